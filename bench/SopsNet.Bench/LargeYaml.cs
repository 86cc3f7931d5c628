using System.Globalization;
using System.Text;

namespace SopsNet.Bench;

/// <summary>
/// A deterministic config-shaped YAML of about 10 MB with 200,000 leaves: 2,000 sections of 100 keys,
/// mixing strings, ints, floats, bools, lists and comments as real files do.
/// </summary>
public static class LargeYaml
{
    public static byte[] Generate(int sections = 2000, int keysPerSection = 100)
    {
        var sb = new StringBuilder(11_000_000);
        var random = new Random(42);
        for (var s = 0; s < sections; s++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"# section {s}\nservice_{s:D4}:\n");
            for (var k = 0; k < keysPerSection; k++)
            {
                switch (k % 10)
                {
                    case 0:
                        sb.Append(CultureInfo.InvariantCulture, $"    port_{k}: {random.Next(1, 65535)}\n");
                        break;
                    case 1:
                        sb.Append(CultureInfo.InvariantCulture, $"    ratio_{k}: {random.NextDouble():F4}\n");
                        break;
                    case 2:
                        sb.Append(CultureInfo.InvariantCulture, $"    enabled_{k}: {(random.Next(2) == 0 ? "true" : "false")}\n");
                        break;
                    default:
                        sb.Append(CultureInfo.InvariantCulture, $"    secret_{k}: \"{Token(random, 36)}\"\n");
                        break;
                }
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string Token(Random random, int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
