using SopsNet.Age;
using SopsNet.Documents;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Selection;
using SopsNet.Stores;

namespace SopsNet.Tests.Support;

/// <summary>
/// The keys of the vendored corpus and of the demo, and a plaintext encrypted for the corpus recipient the way
/// `sopsnet encrypt` writes it (read-back check included): what the tests of the piecewise readings compare
/// with the whole-file ones.
/// </summary>
public static class TestEncryption
{
    public static KeyRing Keys { get; } = new(
    [
        new AgeKeyProvider(
        [
            .. AgeIdentities.ParseKeyFile(File.ReadAllText(TestPaths.CorpusIdentity), "corpus"),
            .. AgeIdentities.ParseKeyFile(File.ReadAllText(TestPaths.DemoKey), "demo"),
        ]),
    ]);

    /// <summary>The plaintext encrypted for the corpus recipient, or null when it is not a plaintext file of the store this can encrypt.</summary>
    public static async Task<byte[]?> EncryptAsync(IStore store, byte[] plaintext, SelectionRule rule, bool macOnly)
    {
        try
        {
            var plain = PlainDocument.Parse(store, plaintext);
            var settings = new EncryptionSettings([[MasterKey.Create("age", ("recipient", TestPaths.CorpusRecipient))]]) { Rule = rule, MacOnlyEncrypted = macOnly };
            return await plain.EncryptAsync(settings, Keys);
        }
        catch (SopsException)
        {
            return null;
        }
    }
}
