using System.Text;

namespace SopsNet.Fuzz;

/// <summary>
/// Blind mutations in the style of AFL's havoc stage, all driven by one seeded <see cref="Random"/>: bit
/// flips, interesting bytes set or inserted, ranges deleted or duplicated, tokens of the formats inserted
/// (sops blocks, envelopes, block scalar headers, quotes, age lines), splices with another corpus entry,
/// truncation. One to four stacked per input; inputs stay under <see cref="MaxLength"/> bytes.
/// </summary>
public sealed class Mutator(Random random)
{
    public const int MaxLength = 16 * 1024;

    private static readonly byte[] Interesting =
        [0x00, 0xFF, 0x7F, 0x80, 0xC3, 0xE2, (byte)'\n', (byte)'\r', (byte)'\t', (byte)' ', (byte)'"', (byte)'\'', (byte)':', (byte)'-', (byte)'[',
         (byte)']', (byte)'{', (byte)'}', (byte)',', (byte)'#', (byte)';', (byte)'=', (byte)'|', (byte)'>', (byte)'&', (byte)'*', (byte)'!',
         (byte)'\\', (byte)'`', (byte)'.', (byte)'0', (byte)'9', (byte)'+', (byte)'%', (byte)'@', (byte)'?'];

    private static readonly byte[][] Tokens = new[]
    {
        "ENC[AES256_GCM,data:", ",iv:", ",tag:", ",type:str]", ",type:comment]", "sops:\n", "sops_", "[sops]\n", "\"sops\": {", "---\n", "...\n",
        "|+\n", ">-\n", "|2\n", "|-\n  ", "\"\"\"", "'''", "\\u0000", "\\U0001F600", "\\\n", "\r\n", "&a ", "*a", "!!binary ", "!!str ", "? ", "- ",
        "-> X25519 ", "-> scrypt ", "--- ", "-----BEGIN AGE ENCRYPTED FILE-----\n", "-----END AGE ENCRYPTED FILE-----\n", "age-encryption.org/v1\n",
        "lastmodified", "mac", "version", "unencrypted_suffix", "encrypted_regex", "key_groups", "shamir_threshold", "age", "enc", "recipient",
        "0x", "1e999", "nan", "-0", "9223372036854775808", "2024-01-01T00:00:00Z", "true", "null", "~", "[[", "]]", "{}", "[]", "#", "=", "\"",
        "\u00e9", "\U0001D11E", "\uFEFF", "[\"", "\"]",
    }.Select(Encoding.UTF8.GetBytes).ToArray();

    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus)
    {
        var data = new List<byte>(input);
        var count = 1 + random.Next(4);
        for (var i = 0; i < count; i++)
        {
            Once(data, corpus);
        }

        return data.Count > MaxLength ? data.GetRange(0, MaxLength).ToArray() : data.ToArray();
    }

    private void Once(List<byte> data, IReadOnlyList<byte[]> corpus)
    {
        var at = random.Next(data.Count + 1);
        switch (random.Next(9))
        {
            case 0 when data.Count > 0:
                at = random.Next(data.Count);
                data[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[random.Next(data.Count)] = Interesting[random.Next(Interesting.Length)];
                break;
            case 2:
                data.Insert(at, Interesting[random.Next(Interesting.Length)]);
                break;
            case 3 when data.Count > 0:
                at = random.Next(data.Count);
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(16)));
                break;
            case 4 when data.Count > 0:
                var from = random.Next(data.Count);
                var chunk = data.GetRange(from, Math.Min(data.Count - from, 1 + random.Next(64)));
                data.InsertRange(random.Next(data.Count + 1), chunk);
                break;
            case 5:
            case 6:
                data.InsertRange(at, Tokens[random.Next(Tokens.Length)]);
                break;
            case 7 when corpus.Count > 0:
                var other = corpus[random.Next(corpus.Count)];
                var start = random.Next(other.Length + 1);
                data.RemoveRange(at, data.Count - at);
                data.AddRange(other.AsSpan(start, Math.Min(other.Length - start, 512)).ToArray());
                break;
            case 8:
                data.RemoveRange(at, data.Count - at);
                break;
            default:
                data.Insert(at, (byte)random.Next(256));
                break;
        }
    }
}
