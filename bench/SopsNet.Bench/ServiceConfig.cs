using System.Globalization;
using System.Text;

namespace SopsNet.Bench;

/// <summary>
/// The issue-14 bulk file in every structured format: <c>bench/gen_big.py N</c> (N services of nine values
/// and a comment; 5,000 services are 45,000 values) ported here so the benchmarks need no Python, and the
/// same services as JSON, dotenv, INI and TOML (without comments where the format has none).
/// </summary>
public static class ServiceConfig
{
    public static byte[] Generate(string format, int services)
    {
        var sb = new StringBuilder(services * 260);
        if (format == "yaml")
        {
            sb.Append("# generated load-test configuration\n");
        }
        else if (format == "json")
        {
            sb.Append("{\n");
        }

        for (var i = 0; i < services; i++)
        {
            var s = Service(i);
            switch (format)
            {
                case "yaml":
                    sb.Append(CultureInfo.InvariantCulture,
                        $"service_{i:D6}:\n  # service {i}\n  name: {s.Name}\n  password: {s.Password}\n  token: {s.Token}\n  port: {s.Port}\n  ratio: {s.Ratio}\n  enabled: {s.Enabled}\n  hosts: [{s.HostA}, {s.HostB}]\n  url: {s.Url}\n");
                    break;
                case "json":
                    sb.Append(CultureInfo.InvariantCulture,
                        $"  \"service_{i:D6}\": {{\n    \"name\": \"{s.Name}\",\n    \"password\": \"{s.Password}\",\n    \"token\": \"{s.Token}\",\n    \"port\": {s.Port},\n    \"ratio\": {s.Ratio},\n    \"enabled\": {s.Enabled},\n    \"hosts\": [\"{s.HostA}\", \"{s.HostB}\"],\n    \"url\": \"{s.Url}\"\n  }}{(i + 1 < services ? "," : "")}\n");
                    break;
                case "dotenv":
                    sb.Append(CultureInfo.InvariantCulture,
                        $"# service {i}\nSERVICE_{i:D6}_NAME={s.Name}\nSERVICE_{i:D6}_PASSWORD={s.Password}\nSERVICE_{i:D6}_TOKEN={s.Token}\nSERVICE_{i:D6}_PORT={s.Port}\nSERVICE_{i:D6}_RATIO={s.Ratio}\nSERVICE_{i:D6}_ENABLED={s.Enabled}\nSERVICE_{i:D6}_HOST_A={s.HostA}\nSERVICE_{i:D6}_HOST_B={s.HostB}\nSERVICE_{i:D6}_URL={s.Url}\n");
                    break;
                case "ini":
                    sb.Append(CultureInfo.InvariantCulture,
                        $"; service {i}\n[service_{i:D6}]\nname = {s.Name}\npassword = {s.Password}\ntoken = {s.Token}\nport = {s.Port}\nratio = {s.Ratio}\nenabled = {s.Enabled}\nhost_a = {s.HostA}\nhost_b = {s.HostB}\nurl = {s.Url}\n");
                    break;
                case "toml":
                    sb.Append(CultureInfo.InvariantCulture,
                        $"# service {i}\n[service_{i:D6}]\nname = \"{s.Name}\"\npassword = \"{s.Password}\"\ntoken = \"{s.Token}\"\nport = {s.Port}\nratio = {s.Ratio}\nenabled = {s.Enabled}\nhosts = [\"{s.HostA}\", \"{s.HostB}\"]\nurl = \"{s.Url}\"\n");
                    break;
                default:
                    throw new ArgumentException("unknown format " + format, nameof(format));
            }
        }

        if (format == "json")
        {
            sb.Append("}\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static (string Name, string Password, string Token, string Port, string Ratio, string Enabled, string HostA, string HostB, string Url) Service(int i)
    {
        var n = (ulong)i;
        return (
            $"svc-{i}",
            string.Create(CultureInfo.InvariantCulture, $"p@ss-{i:x8}-{n * 2654435761 % (1UL << 32):x8}"),
            string.Create(CultureInfo.InvariantCulture, $"tok_{n * 40503 % (1UL << 32):x8}{n * 69069 % (1UL << 32):x8}"),
            (1024 + (i % 50000)).ToString(CultureInfo.InvariantCulture),
            (i % 1000 / 7.0).ToString("F4", CultureInfo.InvariantCulture),
            i % 2 == 1 ? "true" : "false",
            $"h{i}-a.internal",
            $"h{i}-b.internal",
            $"https://svc-{i}.example.com/api");
    }
}
