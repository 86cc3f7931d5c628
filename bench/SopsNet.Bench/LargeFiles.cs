using System.Globalization;
using System.Text;

namespace SopsNet.Bench;

/// <summary>Deterministic large files in the flat and nested formats, ~50 bytes per leaf like <see cref="LargeYaml"/>.</summary>
public static class LargeFiles
{
    public static byte[] Generate(string format, int leaves)
    {
        var sb = new StringBuilder(leaves * 60);
        var random = new Random(42);
        switch (format)
        {
            case "json":
                sb.Append("{\n");
                for (var i = 0; i < leaves; i++)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"\t\"key_{i}\": \"{Token(random)}\"{(i + 1 < leaves ? "," : "")}\n");
                }

                sb.Append("}\n");
                break;
            case "dotenv":
                for (var i = 0; i < leaves; i++)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"KEY_{i}={Token(random)}\n");
                }

                break;
            case "ini":
                for (var i = 0; i < leaves; i++)
                {
                    if (i % 100 == 0)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"[section_{i / 100}]\n");
                    }

                    sb.Append(CultureInfo.InvariantCulture, $"key_{i} = {Token(random)}\n");
                }

                break;
            case "toml":
                for (var i = 0; i < leaves; i++)
                {
                    if (i % 100 == 0)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"[section_{i / 100}]\n");
                    }

                    sb.Append(CultureInfo.InvariantCulture, $"key_{i} = \"{Token(random)}\"\n");
                }

                break;
            case "binary":
                var bytes = new byte[leaves * 50];
                random.NextBytes(bytes);
                return bytes;
            default:
                throw new ArgumentException("unknown format " + format, nameof(format));
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string Token(Random random)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return string.Create(36, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }
}
