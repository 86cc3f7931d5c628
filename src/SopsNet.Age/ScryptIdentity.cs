using System.Globalization;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;

namespace SopsNet.Age;

/// <summary>A passphrase, as the identity for scrypt stanzas (passphrase-protected identity files).</summary>
internal sealed class ScryptIdentity(string passphrase, string source) : IAgeIdentity
{
    private const string Label = "age-encryption.org/v1/scrypt";

    // age's default limit: 2^22 takes about a second and 4 GiB would be needed past ~2^24; refusing
    // large work factors stops a hostile file from pinning the CPU and memory.
    private const int MaxLogN = 22;

    public string Description => $"passphrase for {source}";

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas) => stanzas.Select(UnwrapStanza).FirstOrDefault(key => key is not null);

    private byte[]? UnwrapStanza(AgeStanza stanza)
    {
        if (stanza.Type != "scrypt")
        {
            return null;
        }

        if (stanza.Args.Count != 2)
        {
            throw new AgeException("age: corrupt file: invalid scrypt stanza");
        }

        var salt = AgeBase64.Decode(stanza.Args[0], "an scrypt stanza");
        var logNText = stanza.Args[1];
        var canonical = logNText.Length > 0 && logNText.All(char.IsAsciiDigit) && (logNText == "0" || logNText[0] != '0');
        if (salt.Length != 16 || !canonical || !int.TryParse(logNText, NumberStyles.None, CultureInfo.InvariantCulture, out var logN) || logN < 1)
        {
            throw new AgeException("age: corrupt file: invalid scrypt stanza");
        }

        if (logN > MaxLogN)
        {
            throw new AgeException($"age: {source}: scrypt work factor 2^{logN} is too large (limit 2^{MaxLogN})");
        }

        if (stanza.Body.Length != AgeCrypto.FileKeySize + AgeCrypto.TagSize)
        {
            throw new AgeException("age: corrupt file: invalid scrypt stanza");
        }

        byte[] fullSalt = [.. Encoding.ASCII.GetBytes(Label), .. salt];
        var key = SCrypt.Generate(Encoding.UTF8.GetBytes(passphrase), fullSalt, 1 << logN, 8, 1, 32);
        return AgeCrypto.OpenZeroNonce(key, stanza.Body)
            ?? throw new AgeException($"age: incorrect passphrase for {source}");
    }
}
