using System.Diagnostics;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

// Editors, signals and file modes as on Linux and macOS, where sopsnet edit is used.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EditTests
{
    private const string Plain = "# config\ndb:\n    user: app\n    password: old\nlist:\n    - a\n";

    private static async Task<(TempDir Dir, string File)> EncryptedAsync()
    {
        var dir = new TempDir();
        var file = dir.Write("s.yaml", Plain);
        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, file);
        Assert.True(run.ExitCode == 0, run.ToString());
        return (dir, file);
    }

    private static Dictionary<string, string> Env(string editor) => new()
    {
        ["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey,
        ["SOPS_EDITOR"] = editor,
    };

    [Fact]
    public async Task An_editor_that_changes_one_value_yields_a_one_line_diff_plus_lastmodified_and_mac()
    {
        var (dir, file) = await EncryptedAsync();
        using var _ = dir;
        var before = File.ReadAllLines(file);
        await Task.Delay(1100);
        var run = await CliRun.RunAsync(dir.Path, Env("sed -i s/password:\\ old/password:\\ new/"), "edit", file);
        Assert.True(run.ExitCode == 0, run.ToString());
        var after = File.ReadAllLines(file);
        Assert.Equal(before.Length, after.Length);
        var changed = before.Zip(after).Where(x => x.First != x.Second).Select(x => x.Second.TrimStart().Split(':')[0]).ToList();
        Assert.Equal(["password", "lastmodified", "mac"], changed);
        Assert.Contains("in memory", run.Stderr);
        var decrypted = await CliRun.RunAsync(dir.Path, Env("true"), "decrypt", file);
        Assert.Equal(Plain.Replace("old", "new"), decrypted.Stdout);
    }

    [Fact]
    public async Task An_editor_that_saves_nothing_exits_200_and_leaves_the_file_byte_identical()
    {
        var (dir, file) = await EncryptedAsync();
        using var _ = dir;
        var before = File.ReadAllBytes(file);
        var run = await CliRun.RunAsync(dir.Path, Env("true"), "edit", file);
        Assert.Equal(200, run.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    /// <summary>
    /// <c>sops -s FILE</c> shows the sops block in the editor. sops 3.13.2 then writes the file back with
    /// neither change (cmd/sops/edit.go runEditorUntilOk replaces only its own copy of the tree pointer);
    /// SopsNet applies the value edits and says that the metadata edit is not applied.
    /// </summary>
    [Fact]
    public async Task Show_master_keys_applies_value_edits_and_warns_that_metadata_edits_are_not_applied()
    {
        var (dir, file) = await EncryptedAsync();
        using var _ = dir;
        var shown = dir.File("shown.yaml");
        var script = dir.Write("editor.sh",
            $"#!/bin/sh\ncp \"$1\" '{shown}'\nsed -i 's/password: old/password: new/; s/unencrypted_suffix: _unencrypted/unencrypted_suffix: _clear/' \"$1\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var run = await CliRun.RunAsync(dir.Path, Env(script), "-s", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"\nsops:\n", File.ReadAllText(shown));
        Assert.Contains(TestPaths.DemoRecipient, File.ReadAllText(shown));
        Assert.Contains("changes to the sops metadata are not applied", run.Stderr);
        Assert.Contains("unencrypted_suffix: _unencrypted", File.ReadAllText(file));
        var decrypted = await CliRun.RunAsync(dir.Path, Env("true"), "decrypt", file);
        Assert.Equal(Plain.Replace("old", "new"), decrypted.Stdout);
    }

    [Fact]
    public async Task Invalid_content_reopens_the_editor_instead_of_losing_the_edit()
    {
        var (dir, file) = await EncryptedAsync();
        using var _ = dir;
        var counter = dir.File("count");
        var script = dir.Write("editor.sh",
            $"#!/bin/sh\nif [ ! -f '{counter}' ]; then touch '{counter}'; printf 'broken: [\\n' > \"$1\"; else sed -i 's/broken: \\[/fixed: yes/' \"$1\"; fi\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var run = await CliRun.RunAsync(dir.Path, Env(script), "edit", file);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("re-opening the editor", run.Stderr);
        var decrypted = await CliRun.RunAsync(dir.Path, Env("true"), "decrypt", file);
        Assert.Equal("fixed: yes\n", decrypted.Stdout);
    }

    [Fact]
    public async Task Editing_a_missing_file_creates_it_encrypted_for_the_given_recipients()
    {
        using var dir = new TempDir();
        var file = dir.File("new.yaml");
        var env = Env("sed -i s/example_value/hello/");
        env["SOPS_AGE_RECIPIENTS"] = TestPaths.DemoRecipient;
        var run = await CliRun.RunAsync(dir.Path, env, "edit", file);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("example_key: ENC[AES256_GCM,", File.ReadAllText(file));
        var decrypted = await CliRun.RunAsync(dir.Path, env, "decrypt", file);
        Assert.Contains("\nexample_key: hello\n", decrypted.Stdout);
    }

    [Fact]
    public async Task No_plaintext_file_remains_after_edit_is_killed_with_sigterm()
    {
        var (dir, file) = await EncryptedAsync();
        using var _ = dir;
        var marker = dir.File("editing");
        var editorPid = dir.File("editor.pid");
        var script = dir.Write("editor.sh", $"#!/bin/sh\necho $$ > '{editorPid}'\necho \"$1\" > '{marker}.tmp'\nmv '{marker}.tmp' '{marker}'\nexec sleep 60\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var before = File.ReadAllBytes(file);

        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sopsnet.dll"));
        start.ArgumentList.Add("edit");
        start.ArgumentList.Add(file);
        start.Environment["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey;
        start.Environment["SOPS_EDITOR"] = script;
        using var process = Process.Start(start)!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(marker) && DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }

            Assert.True(File.Exists(marker), "the editor never started: " + (process.HasExited ? process.StandardError.ReadToEnd() : ""));
            var plaintextCopy = File.ReadAllText(marker).Trim();
            Assert.True(File.Exists(plaintextCopy));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(plaintextCopy));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(plaintextCopy)!));

            External.Run("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Assert.True(process.WaitForExit(15_000), "sopsnet did not exit after SIGTERM");
            Assert.False(File.Exists(plaintextCopy), "the plaintext copy is still there");
            Assert.False(Directory.Exists(Path.GetDirectoryName(plaintextCopy)), "the plaintext directory is still there");
            Assert.Equal(before, File.ReadAllBytes(file));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            // Only the editor this test started (a pattern match could hit anything else on the machine).
            if (File.Exists(editorPid))
            {
                External.Run("kill", ["-KILL", File.ReadAllText(editorPid).Trim()]);
            }
        }
    }
}
