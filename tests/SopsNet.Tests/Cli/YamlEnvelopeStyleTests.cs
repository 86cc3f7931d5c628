using System.Text.Json;
using System.Text.RegularExpressions;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// A YAML block scalar's envelope is a strip-chomping block (<c>|-</c> or <c>&gt;-</c>) holding exactly
/// <c>ENC[...]</c>: every reader reads the envelope and nothing after it, including readers whose
/// envelope pattern is anchored at both ends, and the header no longer tells how many line breaks end
/// the secret or whether it starts with a space. Decrypting gives the original header back.
/// </summary>
public sealed partial class YamlEnvelopeStyleTests : IDisposable
{
    private const string Blocks =
        "clip: |\n    line1\n    line2\n" +
        "keep: |+\n    kept\n\n\n" +
        "strip: |-\n    stripped\n" +
        "folded: >\n    folded text\n" +
        "folded_keep: >+\n    folded kept\n\n" +
        "indented: |2\n      starts with spaces\n" +
        "list:\n    - |\n      in a list\n" +
        "last: plain\n";

    private const string BlocksAsJson =
        """{"clip": "line1\nline2\n", "keep": "kept\n\n\n", "strip": "stripped", "folded": "folded text\n", "folded_keep": "folded kept\n\n", "indented": "    starts with spaces\n", "list": ["in a list\n"], "last": "plain"}""";

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Every_block_scalar_envelope_is_strip_chomped_and_decrypting_gives_the_original_header_back()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "blocks.yaml", CliKit.Bytes(Blocks));
        var data = (await File.ReadAllTextAsync(encrypted)).Split("\nsops:\n")[0];

        Assert.Equal(["|-", "|-", "|-", ">-", ">-", "|-", "|-"], BlockHeader().Matches(data).Select(m => m.Groups[1].Value));
        Assert.Equal(Blocks, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, encrypted)));
    }

    [ExternalToolFact(ExternalTool.Python3, ExternalTool.Age)]
    public async Task Block_scalars_open_in_the_independent_reader_whose_envelope_pattern_is_anchored_at_both_ends()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "blocks.yaml", CliKit.Bytes(Blocks));

        var reader = External.Run("python3", ["tests/interop/sops_reader.py", encrypted, "--identity", TestPaths.DemoKey]);

        Assert.True(reader.ExitCode == 0, $"reader exit {reader.ExitCode}: {reader.Stderr}");
        using var documents = JsonDocument.Parse(reader.StdoutText);
        JsonTree.AssertEqual(BlocksAsJson, documents.RootElement[0].GetRawText());
    }

    [ExternalToolFact(ExternalTool.SopsAgeNpm)]
    public async Task Block_scalars_open_in_npm_sops_age()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "blocks.yaml", CliKit.Bytes(Blocks));

        var reader = External.Run("node", ["tests/interop/npm/sops_age.mjs", encrypted, TestPaths.DemoKey, "yaml"]);

        Assert.True(reader.ExitCode == 0, $"sops-age exit {reader.ExitCode}: {reader.Stderr}");
        JsonTree.AssertEqual(BlocksAsJson, reader.StdoutText);
    }

    /// <summary>The header of every block scalar: the indicator characters after <c>key: </c> or <c>- </c>.</summary>
    [GeneratedRegex(@"(?:: |- )([|>][0-9+-]*)\n")]
    private static partial Regex BlockHeader();
}
