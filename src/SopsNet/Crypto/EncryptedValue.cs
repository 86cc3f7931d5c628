using System.Buffers;
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

    /// <summary>What every envelope sops or SopsNet writes holds between its labels.</summary>
    private static readonly SearchValues<char> Base64 = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    public static bool TryParse(string text, out EncryptedValue value)
    {
        value = null!;
        string data, iv, tag, type;
        if (TrySplitCanonical(text, out var fields))
        {
            (data, iv, tag, type) = fields;
        }
        else
        {
            var m = Envelope().Match(text);
            if (!m.Success)
            {
                return false;
            }

            (data, iv, tag, type) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value);
        }

        // Greedy groups as in sops: take the last ",iv:" etc. Base64 has no commas, so this is unambiguous.
        // .NET's decoder skips blanks, which Go's (and so sops) refuses; a field that decodes to nothing
        // is no envelope either (it would print as one that does not parse).
        if (new[] { data, iv, tag }.Any(f => f.Contains(' ') || f.Contains('\t')))
        {
            return false;
        }

        try
        {
            value = new EncryptedValue(
                Convert.FromBase64String(data),
                Convert.FromBase64String(iv),
                Convert.FromBase64String(tag),
                type);
            return value.Data.Length > 0 && value.Iv.Length > 0 && value.Tag.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Speed: the envelope as written (base64 fields, a lower-case type, the bracket last) split without
    /// the regex, which cost a tenth of a large decrypt. Such text has one place for each label, so the
    /// regex's greedy groups would split it the same way; anything else goes through the regex.
    /// </summary>
    private static bool TrySplitCanonical(string text, out (string Data, string Iv, string Tag, string Type) fields)
    {
        fields = default;
        var rest = text.AsSpan();
        if (!rest.StartsWith(Prefix + "data:", StringComparison.Ordinal) || !rest.EndsWith(']'))
        {
            return false;
        }

        var start = Prefix.Length + "data:".Length;
        var data = Field(text, ref start, ",iv:");
        var iv = Field(text, ref start, ",tag:");
        var tag = Field(text, ref start, ",type:");
        var typeLength = text.Length - 1 - start;
        if (data is null || iv is null || tag is null || typeLength <= 0 || text.AsSpan(start, typeLength).ContainsAnyExceptInRange('a', 'z'))
        {
            return false;
        }

        fields = (data, iv, tag, text.Substring(start, typeLength));
        return true;

        static string? Field(string text, ref int start, string label)
        {
            var length = text.AsSpan(start).IndexOfAnyExcept(Base64);
            if (length <= 0 || !text.AsSpan(start + length).StartsWith(label, StringComparison.Ordinal))
            {
                return null;
            }

            var field = text.Substring(start, length);
            start += length + label.Length;
            return field;
        }
    }

    public override string ToString() =>
        $"{Prefix}data:{Convert.ToBase64String(Data)},iv:{Convert.ToBase64String(Iv)},tag:{Convert.ToBase64String(Tag)},type:{Type}]";
}
