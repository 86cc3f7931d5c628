using SopsNet.Crypto;

namespace SopsNet.Engine;

/// <summary>
/// The file MAC: SHA-512 over the canonical plaintext of the values in walk order, as uppercase hex,
/// stored encrypted with the <c>lastmodified</c> string as AAD.
/// </summary>
public static class Mac
{
    /// <summary>SHA-256("sops"): primes the hash in mac_only_encrypted mode so the two modes never collide.</summary>
    private static readonly byte[] MacOnlyEncryptedInitialization = Convert.FromHexString(
        "8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");

    internal static Sha512Hash Start(bool macOnlyEncrypted)
    {
        var hash = new Sha512Hash();
        if (macOnlyEncrypted)
        {
            hash.AppendData(MacOnlyEncryptedInitialization);
        }

        return hash;
    }

    internal static string Finish(Sha512Hash hash) => Convert.ToHexString(hash.GetHashAndReset());

    public static string Seal(string mac, byte[] dataKey, string lastModified, RandomSource random)
    {
        var iv = new byte[ValueCipher.IvSize];
        random(iv);
        return ValueCipher.Encrypt(System.Text.Encoding.UTF8.GetBytes(mac), dataKey, lastModified, iv, "str").ToString();
    }
}
