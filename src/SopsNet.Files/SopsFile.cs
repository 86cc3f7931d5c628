using System.Collections.Immutable;
using System.Text;
using SopsNet.Documents;
using SopsNet.Engine;
using SopsNet.Files.Config;
using SopsNet.Keys;
using SopsNet.Tree;

namespace SopsNet.Files;

/// <summary>
/// sops files in one call: <c>await SopsFile.DecryptAsync("secrets.enc.yaml")</c>. Keys are found as the
/// sops command line finds them (SOPS_AGE_KEY_FILE, the user's age keys.txt, GnuPG, cloud credentials);
/// <c>.sops.yaml</c> creation rules apply when encrypting. Every failure is a <see cref="SopsException"/>
/// whose message starts with the file and never holds a value.
/// </summary>
public static class SopsFile
{
    /// <summary>The decrypted file as text, in its own format and layout.</summary>
    public static async Task<string> DecryptAsync(string path, SopsFileOptions? options = null, CancellationToken cancellationToken = default)
    {
        var document = await OpenAsync(path, options, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(InFile(path, () => document.Decrypted(verify: false)));
    }

    /// <summary>The decrypted file: documents, metadata and what is needed to save a change.</summary>
    public static async Task<SopsDocument> OpenAsync(string path, SopsFileOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new SopsFileOptions();
        try
        {
            var content = await ReadAsync(Environment(options).FullPath(path), cancellationToken).ConfigureAwait(false);
            var store = FileFormats.Create(options.Format ?? FileFormats.FromName(path));
            return await SopsDocument.OpenAsync(store, content, Keys(options), ignoreMac: options.IgnoreMac, clock: Environment(options).Clock, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (SopsException e)
        {
            throw e.InFile(path);
        }
    }

    /// <summary>The decrypted (first) document as a tree.</summary>
    public static async Task<Mapping> ReadTreeAsync(string path, SopsFileOptions? options = null, CancellationToken cancellationToken = default) =>
        (await OpenAsync(path, options, cancellationToken).ConfigureAwait(false)).Documents[0];

    /// <summary>
    /// The decrypted values flattened as configuration keys: <c>database:password</c>, list items by index
    /// (<c>hosts:0</c>); a YAML file's documents in order, a later one's value winning at the same key, as
    /// the configuration provider reads them; see <see cref="ConfigurationPaths"/>.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string?>> ReadValuesAsync(string path, SopsFileOptions? options = null, CancellationToken cancellationToken = default) =>
        ConfigurationPaths.Flatten((await OpenAsync(path, options, cancellationToken).ConfigureAwait(false)).Documents);

    /// <summary>
    /// The plaintext file at <paramref name="path"/> encrypted, as text: for <see cref="SopsFileOptions.AgeRecipients"/>
    /// when given, else for the <c>.sops.yaml</c> creation rule matching the path (with its selection rule
    /// and key groups). The file itself is not changed.
    /// </summary>
    public static async Task<string> EncryptAsync(string path, SopsFileOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new SopsFileOptions();
        var env = Environment(options);
        try
        {
            var content = await ReadAsync(env.FullPath(path), cancellationToken).ConfigureAwait(false);
            var config = ConfigLoader.Load(options.ConfigPath ?? (env.Get("SOPS_CONFIG") is { } c ? env.FullPath(c) : null), env.CurrentDirectory);
            var format = options.Format ?? FileFormats.FromName(path);
            var store = FileFormats.Create(format, config.Indents);

            // As the command line: an indent set in .sops.yaml asks for sops's fresh layout of the whole file.
            var plain = PlainDocument.Parse(store, content, new OutputLayout(store) { KeepLayout = !config.SetsIndent(format) });
            var encrypted = await plain.EncryptAsync(Settings(options, config.RuleFor(env.FullPath(path))), Keys(options), env.Clock, cancellationToken).ConfigureAwait(false);
            return Encoding.UTF8.GetString(encrypted);
        }
        catch (SopsException e)
        {
            throw e.InFile(path);
        }
    }

    private static EncryptionSettings Settings(SopsFileOptions options, CreationRule? rule)
    {
        var groups = options.AgeRecipients.Count > 0
            ? [[.. options.AgeRecipients.Select(KeySpecs.Age)]]
            : rule?.KeyGroups ?? [];
        if (groups.IsEmpty)
        {
            throw new SopsException(SopsError.Generic, "no master keys to encrypt for: give age recipients, or add a matching creation rule to .sops.yaml");
        }

        return new EncryptionSettings(groups)
        {
            Rule = rule?.Rule ?? Selection.SelectionRule.Default,
            MacOnlyEncrypted = rule?.MacOnlyEncrypted ?? false,
            ShamirThreshold = rule?.ShamirThreshold ?? 0,
        };
    }

    private static KeyEnvironment Environment(SopsFileOptions options) => options.Environment ?? KeyEnvironment.FromProcess();

    private static KeyRing Keys(SopsFileOptions options) => options.KeyRing ?? new KeyRingBuilder(Environment(options)).Build();

    private static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SopsException(SopsError.CouldNotReadInputFile, $"cannot read: {e.Message}");
        }
    }

    private static byte[] InFile(string path, Func<byte[]> write)
    {
        try
        {
            return write();
        }
        catch (SopsException e)
        {
            throw e.InFile(path);
        }
    }
}
