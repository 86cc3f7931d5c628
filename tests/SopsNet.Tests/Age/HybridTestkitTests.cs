using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using SopsNet.Age;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Age;

/// <summary>
/// The C2SP/CCTV age testkit vectors for the mlkem768x25519 stanza (Testkit/README.md): files written by
/// age's own generator, so decrypting them proves we read exactly what age 1.3 writes, and that every
/// malformed variant fails the way age requires.
/// </summary>
public sealed class HybridTestkitTests
{
    public static TheoryData<string> Vectors() =>
        [.. Directory.GetFiles(TestPaths.Repo("tests/SopsNet.Tests/Age/Testkit")).Select(f => Path.GetFileName(f)).Where(n => !n.Contains('.')).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void VectorDecryptsOrFailsAsAgeSays(string name)
    {
        var (header, file) = Read(name);
        var identities = header.Where(h => h.Key == "identity").SelectMany(h => AgeIdentities.ParseKeyFile(h.Value, name)).ToList();
        var expect = header.Single(h => h.Key == "expect").Value;

        switch (expect)
        {
            case "success":
                var plaintext = AgeFile.Decrypt(file, identities);
                Assert.Equal(header.Single(h => h.Key == "payload").Value, Convert.ToHexStringLower(SHA256.HashData(plaintext)));
                break;
            case "no match":
                Assert.Throws<AgeNoIdentityMatchedException>(() => AgeFile.Decrypt(file, identities));
                break;
            case "header failure":
                var ex = Assert.ThrowsAny<AgeException>(() => AgeFile.Decrypt(file, identities));
                Assert.IsNotType<AgeNoIdentityMatchedException>(ex);
                Assert.Matches("corrupt|malformed", ex.Message);
                break;
            default:
                Assert.Fail($"{name}: unexpected expectation \"{expect}\"");
                break;
        }
    }

    [Fact]
    public void EveryHybridVectorIsHere()
    {
        Assert.Equal(19, Vectors().Count);
    }

    private static (List<KeyValuePair<string, string>> Header, byte[] File) Read(string name)
    {
        var bytes = File.ReadAllBytes(TestPaths.Repo($"tests/SopsNet.Tests/Age/Testkit/{name}"));
        var split = bytes.AsSpan().IndexOf("\n\n"u8);
        var header = Encoding.ASCII.GetString(bytes, 0, split).Split('\n')
            .Select(line => line.Split(": ", 2))
            .Select(kv => KeyValuePair.Create(kv[0], kv[1]))
            .ToList();
        var file = bytes[(split + 2)..];
        if (header.Any(h => h is { Key: "compressed", Value: "zlib" }))
        {
            using var zlib = new ZLibStream(new MemoryStream(file), CompressionMode.Decompress);
            using var output = new MemoryStream();
            zlib.CopyTo(output);
            file = output.ToArray();
        }

        return (header, file);
    }
}
