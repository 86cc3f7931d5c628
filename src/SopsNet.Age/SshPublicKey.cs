using System.Security.Cryptography;

namespace SopsNet.Age;

/// <summary>An SSH public key as age uses it: its wire blob, and the 4-byte tag that names it in stanzas.</summary>
internal sealed record SshPublicKey(string Type, byte[] Blob)
{
    /// <summary>First 4 bytes of SHA-256 of the wire blob, unpadded base64: the stanza's first argument.</summary>
    public string Tag => AgeBase64.Encode(SHA256.HashData(Blob).AsSpan(0, 4));

    /// <summary>Parses an authorized_keys style line: <c>TYPE BASE64 [comment]</c>.</summary>
    public static SshPublicKey ParseLine(string line)
    {
        var parts = line.Trim().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        var kind = parts.Length > 0 ? parts[0] : "ssh";
        if (parts.Length < 2)
        {
            throw new AgeException($"age: malformed {kind} recipient: expected \"{kind} AAAA… [comment]\"");
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            throw new AgeException($"age: malformed {kind} recipient: the key is not valid base64");
        }

        var type = new SshWire(blob, $"{kind} recipient").ReadString();
        if (type != kind)
        {
            throw new AgeException($"age: malformed {kind} recipient: the key inside is of type \"{type}\"");
        }

        return new SshPublicKey(type, blob);
    }

    /// <summary>The authorized_keys form without comment, for messages.</summary>
    public override string ToString() => $"{Type} {Convert.ToBase64String(Blob)}";
}
