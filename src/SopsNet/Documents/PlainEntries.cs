using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Selection;
using SopsNet.Stores;
using SopsNet.Stores.Json;
using SopsNet.Stores.Yaml;

namespace SopsNet.Documents;

/// <summary>
/// Memory: a plaintext YAML or JSON file encrypted one top-level entry at a time, its output written to a stream as
/// each entry reads back as meant, never held whole (see <see cref="PlainDocument"/> for the whole-file
/// writing, which gives the same bytes). For a large file going to a file or standard output: peak memory
/// stays near the plaintext's size instead of about 20 times the output's.
/// </summary>
public sealed class PlainEntries
{
    private readonly byte[] content;
    private readonly ChunkedEncryption.Plan plan;

    private PlainEntries(byte[] content, ChunkedEncryption.Plan plan)
    {
        this.content = content;
        this.plan = plan;
    }

    /// <summary>
    /// The file read entry by entry; null when it must be read whole with <see cref="PlainDocument.Parse"/>,
    /// which also reports whatever is wrong with it: a store other than YAML or JSON, a conversion or a fresh
    /// layout, or a file whose entries do not read alone as within the whole (see <see cref="YamlTopLevelChunks"/>
    /// and <see cref="JsonEntryFormat"/>).
    /// Values that will not round-trip byte for byte (<see cref="PlainDocument.Warnings"/>) go to
    /// <paramref name="warning"/> one at a time, not held: a caller that shows them keeps them until this
    /// returns, as after a null the whole-file reading gives them all again.
    /// </summary>
    public static PlainEntries? TryParse(IStore store, byte[] content, OutputLayout? output = null, Action<StoreWarning>? warning = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        IEntryFormat? format = store switch
        {
            YamlStore yaml => new YamlEntryFormat(yaml),
            JsonStore json => new JsonEntryFormat(json),
            _ => null,
        };
        if (format is null || (output is not null && (!output.KeepLayout || output.IsConversion(store))))
        {
            return null;
        }

        return ChunkedEncryption.TryPlan(format, content, warning) is { } plan ? new PlainEntries(content, plan) : null;
    }

    /// <summary>
    /// Wraps a new data key for the settings' key groups, then gives the writing of the encrypted file, to be
    /// run once against its destination (a failure there leaves the destination incomplete: write to a staged
    /// file). Null, with no key wrapped, when the settings' rule needs the whole file: a comment rule looks at
    /// the comments before a value, which an entry's edge could separate from it.
    /// </summary>
    public async Task<Action<Stream>?> EncryptAsync(EncryptionSettings settings, KeyRing keys, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Rule.Kind is SelectionRuleKind.EncryptedCommentRegex or SelectionRuleKind.UnencryptedCommentRegex)
        {
            return null;
        }

        return await EncryptAsync(settings, Engines.Create(keys, clock), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same with the engine's randomness (tests compare the output with the whole-file writing's).</summary>
    internal async Task<Action<Stream>> EncryptAsync(EncryptionSettings settings, SopsEngine engine, CancellationToken cancellationToken)
    {
        var (fresh, dataKey) = await engine.NewDataKeyAsync(settings, cancellationToken).ConfigureAwait(false);
        return destination => ChunkedEncryption.Write(content, plan, engine, fresh, dataKey, destination);
    }
}
