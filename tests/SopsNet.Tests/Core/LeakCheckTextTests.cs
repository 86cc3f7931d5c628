using System.Text;
using CsCheck;
using SopsNet.Engine;
using SopsNet.Tests.Support;
using Xunit;

namespace SopsNet.Tests.Core;

/// <summary>
/// The leak check looks for plaintext in an output's text outside its envelopes. It now cuts the envelopes
/// out of the bytes instead of the decoded text, and finds the values' lines by one look-up per length
/// instead of comparing each line that shares a prefix; both must give exactly what the simple way gave, or
/// a leak could hide where the two differ.
/// </summary>
public sealed class LeakCheckTextTests
{
    public static TheoryData<string> Edges() =>
    [
        "",
        "a: ENC[AES256_GCM,data:abc,iv:x,tag:y,type:str] secret-after\n",
        "ENC[AES256_GCM,data:no closing bracket\nb: visible\n",
        "x ENC[AES256_GCM,data:a] ENC[AES256_GCM,data:b]ENC[AES256_GCM,data:]tail",
        "ENC[AES256_GCM,data:ENC[AES256_GCM,data:nested]]",
        "ENC[AES256_GCM,dat:not an envelope] ENC[AES256_GCM,data:multi\nline]",
        "ümlaut: ENC[AES256_GCM,data:é]日本語 ENC[AES256_GCM",
    ];

    [Theory]
    [MemberData(nameof(Edges))]
    public void TheTextOutsideEnvelopesIsWhatTheRegularExpressionLeaves(string text) => AssertSame(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void InvalidUtf8BesideAnEnvelopeDecodesAsInTheWholeText() =>
        AssertSame([0xE2, 0x82, .. "ENC[AES256_GCM,data:x]"u8, 0xC3, .. "a]"u8, 0xFF]);

    [Fact]
    public void EveryFileInTheRepositoryLeavesTheSameText()
    {
        var files = TestPaths.RepositoryFiles();
        Assert.Contains(files, f => File.ReadAllText(f).Contains("ENC[AES256_GCM,data:", StringComparison.Ordinal));
        foreach (var file in files)
        {
            AssertSame(File.ReadAllBytes(file));
        }
    }

    [Fact]
    public void GeneratedTextsLeaveTheSameText() =>
        Gen.OneOfConst("ENC[AES256_GCM,data:", "]", "[", "ENC[", "x", "\n", "é", " ", "\u00ff")
            .Array[0, 30]
            .Select(parts => string.Concat(parts))
            .Sample(text => AssertSame(Encoding.UTF8.GetBytes(text)), iter: 2000);

    [Fact]
    public void TheLinesFoundInATextAreThoseEachComparisonFinds() =>
        Gen.Select(
                Gen.OneOfConst("secret", "secret1", "secret12", "secretX", "passwd", "é-secret", " ", "\n", "a", "1").Array[1, 8],
                Gen.OneOfConst("secret", "secret1", "secret12", "secretX", "passwd", "é-secret", " ", "\n", "a", "1", "secret secret1").Array[0, 40])
            .Sample(c =>
            {
                var lines = c.Item1.Where(l => l.Length >= PlaintextLeakDetector.MinimumLength).Distinct().ToList();
                var text = string.Concat(c.Item2);
                Assert.Equal(EachCompared(text, lines), PlaintextLeakDetector.Occurrences(text, lines).ToList());
            }, iter: 3000);

    /// <summary>The lines found at each position of the text, each line compared in turn (the check's former way).</summary>
    private static List<string> EachCompared(string text, List<string> lines)
    {
        var found = new List<string>();
        for (var at = 0; at + PlaintextLeakDetector.MinimumLength <= text.Length; at++)
        {
            foreach (var line in lines)
            {
                var end = at + line.Length;
                if (text.AsSpan(at).StartsWith(line, StringComparison.Ordinal) &&
                    !(at > 0 && char.IsLetterOrDigit(text[at]) && char.IsLetterOrDigit(text[at - 1])) &&
                    !(end < text.Length && char.IsLetterOrDigit(text[end - 1]) && char.IsLetterOrDigit(text[end])))
                {
                    found.Add(line);
                }
            }
        }

        return found;
    }

    private static void AssertSame(byte[] output) =>
        Assert.Equal(PlaintextLeakDetector.Envelope().Replace(Encoding.UTF8.GetString(output), "\n"), PlaintextLeakDetector.Visible(output));
}
