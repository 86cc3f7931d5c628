using SopsNet.Text;
using System.Text;
using SopsNet.Age;
using Xunit;

namespace SopsNet.Tests.Age;

/// <summary>Malformed and tampered files fail with "corrupt file", not with "no identity matched".</summary>
public sealed class AgeFormatTests
{
    private static readonly X25519Identity Identity = X25519Identity.Generate();

    private static string Binary() =>
        Encoding.Latin1.GetString(AgeFile.Encrypt("data"u8, [Identity.Recipient]));

    private static AgeException DecryptFails(string latin1File) =>
        Assert.ThrowsAny<AgeException>(() => AgeFile.Decrypt(Encoding.Latin1.GetBytes(latin1File), [Identity]));

    [Fact]
    public void TamperedHeaderMacIsCorrupt()
    {
        var file = Binary();
        var macStart = file.IndexOf("--- ", StringComparison.Ordinal) + 4;
        var tampered = file[..macStart] + (file[macStart] == 'A' ? 'B' : 'A') + file[(macStart + 1)..];

        var ex = DecryptFails(tampered);

        Assert.IsNotType<AgeNoIdentityMatchedException>(ex);
        Assert.Contains("corrupt file", ex.Message);
    }

    [Fact]
    public void ExtraStanzaInvalidatesTheHeaderMac()
    {
        var file = Binary();
        var tampered = file.Replace("\n---", "\n-> extra arg\n\n---", StringComparison.Ordinal);

        var ex = DecryptFails(tampered);

        Assert.Equal("age: corrupt file: the header mac does not match", ex.Message);
    }

    [Fact]
    public void TruncatedPayloadIsCorrupt()
    {
        var file = Binary();

        var ex = DecryptFails(file[..^5]);

        Assert.Contains("corrupt file", ex.Message);
    }

    [Fact]
    public void OtherVersionIsRejected()
    {
        var ex = DecryptFails(Binary().Replace("age-encryption.org/v1", "age-encryption.org/v2", StringComparison.Ordinal));

        Assert.Contains("not an age file", ex.Message);
    }

    [Fact]
    public void ArmorWithCrLfAndSurroundingWhitespaceIsAccepted()
    {
        var armored = AgeFile.EncryptArmored("data"u8, [Identity.Recipient]);

        var decrypted = AgeFile.Decrypt("\n  " + armored.Replace("\n", "\r\n") + "  \n", [Identity]);

        Assert.Equal("data"u8.ToArray(), decrypted);
    }

    [Theory]
    // Found by fuzzing: .NET's base64 decoder accepts nonzero padding bits and blanks inside the text, so
    // several armors decoded to the same file; age decodes strictly, so exactly one armor is valid.
    [InlineData("ZB==")]
    [InlineData("Z A==")]
    public void ArmorIsDecodedStrictly(string body)
    {
        Assert.Equal([0x64], AgeArmor.Decode(AgeArmor.Encode([0x64])));

        var ex = Assert.Throws<AgeException>(() => AgeArmor.Decode($"{AgeArmor.Header}\n{body}\n{AgeArmor.Footer}\n"));

        Assert.Contains("malformed armor", ex.Message);
    }

    [Fact]
    public void ArmorLinesAreSixtyFourColumns()
    {
        var armored = AgeFile.EncryptArmored(new byte[200], [Identity.Recipient]);
        var body = armored.Split('\n')[1..^2];

        Assert.All(body[..^1], line => Assert.Equal(64, line.Length));
        Assert.InRange(body[^1].Length, 1, 64);
    }

    [Theory]
    [InlineData("cat file", new[] { "cat", "file" })]
    [InlineData("  pass   show 'age key'  ", new[] { "pass", "show", "age key" })]
    [InlineData("sh -c \"echo \\\"hi\\\" $x\"", new[] { "sh", "-c", "echo \"hi\" $x" })]
    [InlineData("a\\ b c", new[] { "a b", "c" })]
    [InlineData("cmd '' x", new[] { "cmd", "", "x" })]
    [InlineData("cmd # comment", new[] { "cmd" })]
    public void ShellWordsSplitLikeShlex(string line, string[] expected)
    {
        Assert.Equal(expected, ShellWords.Split(line));
    }

    [Fact]
    public void UnbalancedQuoteIsAnError()
    {
        Assert.Throws<FormatException>(() => ShellWords.Split("cat 'oops"));
    }
}
