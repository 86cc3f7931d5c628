using Microsoft.Extensions.Configuration;
using SopsNet.Documents;
using SopsNet.Files;

namespace SopsNet.Extensions.Configuration;

/// <summary>
/// Decrypts the file on every load (start-up and each reload) and exposes its values under configuration
/// paths (<c>database:password</c>, list items by index); a YAML file's documents are read in order, a later
/// document's value winning at the same path. The MAC is always checked: a file that was
/// tampered with, or that no available key opens, fails the load with the file and the reason, never a value.
/// </summary>
public sealed class SopsConfigurationProvider(SopsConfigurationSource source) : FileConfigurationProvider(source)
{
    // One builder for the provider's life: identities are loaded once, and a reload of a file whose data
    // key did not change does not ask the key service again.
    private readonly KeyRingBuilder keys = new(source.Environment ?? KeyEnvironment.FromProcess());

    public override void Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var path = Source.Path ?? "";
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        try
        {
            var store = FileFormats.Create(((SopsConfigurationSource)Source).Format ?? FileFormats.FromName(path));

            // Configuration loads synchronously; key providers are asynchronous (they may call a key service).
            var document = SopsDocument.OpenAsync(store, buffer.ToArray(), keys.Build(), clock: keys.Environment.Clock)
                .ConfigureAwait(false).GetAwaiter().GetResult();
            Data = new Dictionary<string, string?>(ConfigurationPaths.Flatten(document.Documents), StringComparer.OrdinalIgnoreCase);
        }
        catch (SopsException e)
        {
            throw e.InFile(path);
        }
    }
}
