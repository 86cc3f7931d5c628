namespace SopsNet.Age;

/// <summary>
/// age's header encoding: standard base64 alphabet, no padding, canonical only (Go's
/// RawStdEncoding.Strict). Non-canonical trailing bits are rejected so a header has one spelling,
/// which the header MAC depends on.
/// </summary>
internal static class AgeBase64
{
    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=');

    public static byte[]? TryDecode(string text)
    {
        if (text.Length % 4 == 1)
        {
            return null;
        }

        foreach (var c in text)
        {
            var ok = c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/';
            if (!ok)
            {
                return null;
            }
        }

        var padded = text + new string('=', (4 - text.Length % 4) % 4);
        var bytes = Convert.FromBase64String(padded);
        return Encode(bytes) == text ? bytes : null;
    }

    public static byte[] Decode(string text, string what) =>
        TryDecode(text) ?? throw new AgeException($"age: malformed header: invalid base64 in {what}");
}
