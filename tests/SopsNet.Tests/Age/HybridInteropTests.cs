using System.Text;
using System.Text.Json.Nodes;
using SopsNet.Age;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Age;

/// <summary>
/// Hybrid post-quantum age (age1pq1…) against the age-encryption npm package, an independent
/// implementation: sops files sopsnet writes open there, and what it writes opens in sopsnet. The real
/// age CLI on the machine (1.1.x) predates post-quantum recipients, so it cannot take part.
/// </summary>
public sealed class HybridInteropTests : IDisposable
{
    private const string Plaintext = "{\n\t\"db\": {\n\t\t\"password\": \"hunter2\"\n\t},\n\t\"port\": 5432\n}\n";
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static string CorpusPqIdentity => TestPaths.Corpus("keys/age-test-hybrid-pq-identity.txt");

    [ExternalToolFact(ExternalTool.AgeEncryptionNpm)]
    public void OurRecipientForTheCorpusIdentityIsTheirs()
    {
        var theirs = AgeNpm.Run(null, "recipient", CorpusPqIdentity).StdoutText.Trim();

        var ours = HybridIdentity.Parse(File.ReadAllText(CorpusPqIdentity).Trim()).Recipient.Text;

        Assert.StartsWith("age1pq1", ours);
        Assert.Equal(theirs, ours);
    }

    [ExternalToolFact(ExternalTool.AgeEncryptionNpm)]
    public async Task SopsFileForAPqRecipientOpensWithAgeEncryptionAndTheirWrapOpensInSopsnet()
    {
        var recipient = AgeNpm.Run(null, "recipient", CorpusPqIdentity).StdoutText.Trim();
        var encrypted = await EncryptAsync("--age", recipient);
        var entry = encrypted["sops"]!["age"]!.AsArray().Single()!;
        Assert.Equal(recipient, (string?)entry["recipient"]);

        // age-encryption opens what sopsnet wrapped...
        var dataKey = AgeNpm.Run(Encoding.ASCII.GetBytes((string)entry["enc"]!), "decrypt", CorpusPqIdentity).Stdout;
        Assert.Equal(32, dataKey.Length);

        // ...and what age-encryption wraps (the same data key, so the file's MAC still verifies) opens in sopsnet.
        entry["enc"] = AgeNpm.Run(dataKey, "encrypt", recipient).StdoutText;
        Assert.Contains("mlkem768x25519", Encoding.ASCII.GetString(AgeArmor.Decode((string)entry["enc"]!)));
        var rewrapped = dir.Write("rewrapped.json", encrypted.ToJsonString());

        var run = await CliRun.RunAsync(dir.Path, new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = CorpusPqIdentity }, "decrypt", rewrapped);

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonTree.AssertEqual(Plaintext, run.Stdout);
    }

    [ExternalToolFact(ExternalTool.AgeEncryptionNpm)]
    public async Task X25519AndPqRecipientsInOneFileEachOpenIt()
    {
        var pqRecipient = AgeNpm.Run(null, "recipient", CorpusPqIdentity).StdoutText.Trim();
        var encrypted = await EncryptAsync("--age", $"{pqRecipient},{TestPaths.CorpusRecipient}");
        var file = dir.Write("mixed.json", encrypted.ToJsonString());
        var entries = encrypted["sops"]!["age"]!.AsArray();
        Assert.Equal([pqRecipient, TestPaths.CorpusRecipient], entries.Select(e => (string)e!["recipient"]!));

        foreach (var identity in new[] { CorpusPqIdentity, TestPaths.CorpusIdentity })
        {
            var run = await CliRun.RunAsync(dir.Path, new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = identity }, "decrypt", file);
            Assert.True(run.ExitCode == 0, $"{identity}: {run}");
            JsonTree.AssertEqual(Plaintext, run.Stdout);
        }

        // Each recipient has its own age file, so the PQ one holds a single mlkem768x25519 stanza that
        // age-encryption opens; the same data key is in the X25519 one.
        var fromPq = AgeNpm.Run(Encoding.ASCII.GetBytes((string)entries[0]!["enc"]!), "decrypt", CorpusPqIdentity).Stdout;
        var fromX25519 = AgeFile.Decrypt((string)entries[1]!["enc"]!, AgeIdentities.ParseKeyFile(File.ReadAllText(TestPaths.CorpusIdentity), "corpus"));
        Assert.Equal(fromX25519, fromPq);
    }

    private async Task<JsonNode> EncryptAsync(params string[] keyArgs)
    {
        dir.Write("plain.json", Plaintext);
        var run = await CliRun.RunAsync(dir.Path, null, ["encrypt", .. keyArgs, "plain.json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonNode.Parse(run.Stdout)!;
    }
}
