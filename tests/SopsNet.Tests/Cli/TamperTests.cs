using System.Text.RegularExpressions;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// Someone edits the encrypted text of a file SopsNet wrote. Decryption must refuse with sops's exit code
/// (25: a value does not authenticate; 51: the MAC does not match or is missing), say so in one line that
/// names the file (and the tree path for a value), print nothing on stdout and never show a value.
/// </summary>
public sealed class TamperTests : IDisposable
{
    private const string Json =
        "{\n\t\"db\": {\n\t\t\"user\": \"tamper-user-value\",\n\t\t\"password\": \"tamper-password-value\",\n\t\t\"port\": 5432\n\t},\n\t\"token\": \"tamper-token-value\"\n}\n";

    private const string Yaml =
        "db:\n    user: tamper-user-value\n    password: tamper-password-value\n    port: 5432\ntoken: tamper-token-value\n";

    private static readonly string[] Secrets = ["tamper-user-value", "tamper-password-value", "tamper-token-value", "5432"];

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    public static TheoryData<string> Formats() => new() { "json", "yaml" };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_changed_ciphertext_fails_with_25_naming_the_value_path(string format)
    {
        var run = await DecryptTamperedAsync(format, lines =>
        {
            // A different first base64 character changes the first ciphertext byte.
            var i = LineOf(lines, "password");
            lines[i] = Regex.Replace(lines[i], @"data:(.)", m => "data:" + (m.Groups[1].Value == "A" ? "B" : "A"));
        });

        CliKit.AssertFailure(run, 25, "enc.tamper." + format, Secrets);
        Assert.Contains("[\"db\"][\"password\"]", run.Stderr);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_renamed_key_fails_with_25_naming_the_new_path(string format)
    {
        var run = await DecryptTamperedAsync(format, lines =>
        {
            var i = LineOf(lines, "password");
            lines[i] = lines[i].Replace("password", "passwort", StringComparison.Ordinal);
        });

        CliKit.AssertFailure(run, 25, "enc.tamper." + format, Secrets);
        Assert.Contains("[\"db\"][\"passwort\"]", run.Stderr);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Two_reordered_key_lines_fail_the_mac_with_51(string format)
    {
        var run = await DecryptTamperedAsync(format, lines =>
        {
            var (u, p) = (LineOf(lines, "user"), LineOf(lines, "password"));
            (lines[u], lines[p]) = (lines[p], lines[u]);
        });

        CliKit.AssertFailure(run, 51, "enc.tamper." + format, Secrets);
        Assert.Contains("mac", run.Stderr);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_ciphertext_moved_to_another_key_fails_with_25_naming_a_path(string format)
    {
        var run = await DecryptTamperedAsync(format, lines =>
        {
            var (u, p) = (LineOf(lines, "user"), LineOf(lines, "password"));
            var (eu, ep) = (Envelope(lines[u]), Envelope(lines[p]));
            lines[u] = lines[u].Replace(eu, ep, StringComparison.Ordinal);
            lines[p] = lines[p].Replace(ep, eu, StringComparison.Ordinal);
        });

        CliKit.AssertFailure(run, 25, "enc.tamper." + format, Secrets);
        Assert.Matches("\\[\"db\"\\]\\[\"(user|password)\"\\]", run.Stderr);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_changed_lastmodified_fails_the_mac_with_51(string format)
    {
        var run = await DecryptTamperedAsync(format, lines =>
        {
            var i = LineOf(lines, "lastmodified");
            lines[i] = Regex.Replace(lines[i], @"\d{4}-", "2001-");
        });

        CliKit.AssertFailure(run, 51, "enc.tamper." + format, Secrets);
        Assert.Contains("mac", run.Stderr);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_removed_mac_line_fails_with_51(string format)
    {
        var run = await DecryptTamperedAsync(format, lines => lines.RemoveAt(LineOf(lines, "mac")));

        CliKit.AssertFailure(run, 51, "enc.tamper." + format, Secrets);
        Assert.Contains("mac", run.Stderr);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Ignoring_the_mac_still_refuses_a_changed_value(string format)
    {
        var run = await DecryptTamperedAsync(format, lines =>
        {
            var i = LineOf(lines, "password");
            lines[i] = Regex.Replace(lines[i], @"data:(.)", m => "data:" + (m.Groups[1].Value == "A" ? "B" : "A"));
        }, "--ignore-mac");

        CliKit.AssertFailure(run, 25, "enc.tamper." + format, Secrets);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Ignoring_the_mac_decrypts_a_file_whose_mac_line_was_removed(string format)
    {
        var run = await DecryptTamperedAsync(format, lines => lines.RemoveAt(LineOf(lines, "mac")), "--ignore-mac");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(format == "json" ? Json : Yaml, run.Stdout);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task The_untouched_file_decrypts_so_the_tampering_is_what_fails(string format)
    {
        var run = await DecryptTamperedAsync(format, _ => { });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(format == "json" ? Json : Yaml, run.Stdout);
    }

    private async Task<CliRun> DecryptTamperedAsync(string format, Action<List<string>> tamper, params string[] decryptArgs)
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "tamper." + format, CliKit.Bytes(format == "json" ? Json : Yaml));
        var lines = File.ReadAllText(encrypted).Split('\n').ToList();
        tamper(lines);
        File.WriteAllText(encrypted, string.Join('\n', lines));
        return await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), ["decrypt", .. decryptArgs, Path.GetFileName(encrypted)]);
    }

    /// <summary>The line holding <paramref name="key"/> as a mapping key, in either format.</summary>
    private static int LineOf(List<string> lines, string key)
    {
        var pattern = new Regex($"^\\s*\"?{Regex.Escape(key)}\"?:");
        var i = lines.FindIndex(l => pattern.IsMatch(l));
        Assert.True(i >= 0, $"no line with key {key} in:\n{string.Join('\n', lines)}");
        return i;
    }

    private static string Envelope(string line) => Regex.Match(line, @"ENC\[[^\]]*\]").Value is { Length: > 0 } e
        ? e
        : throw new InvalidOperationException("no ENC[...] on line: " + line);
}
