using System.Text.RegularExpressions;

namespace SopsNet.Crypto;

/// <summary>
/// The <c>ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]</c> envelope. Parsing mirrors sops's regex: anchored
/// at the start only, so text after the closing bracket is ignored (a YAML literal block holding an
/// envelope reads as "ENC[…]\n" and must still parse).
/// </summary>
public sealed partial record EncryptedValue(byte[] Data, byte[] Iv, byte[] Tag, string Type)
{
    public const string Prefix = "ENC[AES256_GCM,";

    [GeneratedRegex(@"^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Envelope();

    public static bool LooksEncrypted(string text) => text.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool TryParse(string text, out EncryptedValue value)
    {
        value = null!;
        var m = Envelope().Match(text);
        if (!m.Success)
        {
            return false;
        }

        // Greedy groups as in sops: take the last ",iv:" etc. Base64 has no commas, so this is unambiguous.
        // .NET's decoder skips blanks, which Go's (and so sops) refuses; a field that decodes to nothing
        // is no envelope either (it would print as one that does not parse).
        var fields = new[] { m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value };
        if (fields.Any(f => f.Contains(' ') || f.Contains('\t')))
        {
            return false;
        }

        try
        {
            value = new EncryptedValue(
                Convert.FromBase64String(fields[0]),
                Convert.FromBase64String(fields[1]),
                Convert.FromBase64String(fields[2]),
                m.Groups[4].Value);
            return value.Data.Length > 0 && value.Iv.Length > 0 && value.Tag.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public override string ToString() =>
        $"{Prefix}data:{Convert.ToBase64String(Data)},iv:{Convert.ToBase64String(Iv)},tag:{Convert.ToBase64String(Tag)},type:{Type}]";
}
