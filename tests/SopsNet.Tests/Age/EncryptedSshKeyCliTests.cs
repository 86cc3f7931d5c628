using SopsNet.Tests.Support;

namespace SopsNet.Tests.Age;

/// <summary>
/// sopsnet decrypting with a passphrase-protected ssh key (SOPS_AGE_SSH_PRIVATE_KEY_FILE, made by
/// ssh-keygen -N): the passphrase typed at the terminal prompt (a real pseudo-terminal), or answered by
/// the SSH_ASKPASS program when there is no terminal, under OpenSSH's rules.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EncryptedSshKeyCliTests : IDisposable
{
    private const string Passphrase = "correct horse 7";
    private const string Plaintext = "db:\n    password: hunter2\n";
    private readonly TempKeys keys = new();

    public void Dispose() => keys.Dispose();

    private static string SopsnetDll => Path.Combine(AppContext.BaseDirectory, "sopsnet.dll");

    [ExternalToolTheory(ExternalTool.SshKeygen, ExternalTool.Python3)]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    public async Task ThePassphraseTypedAtTheTerminalPromptOpensTheFile(string type)
    {
        var (key, file) = await EncryptedForProtectedKeyAsync(type);

        var run = External.Run(
            "python3",
            [TestPaths.Repo("tests/interop/pty_answer.py"), "--secret", "Enter passphrase for", Passphrase, "--", "dotnet", SopsnetDll, "decrypt", file],
            env: ProcessEnv(key),
            cwd: keys.Dir);

        var screen = run.StdoutText.Replace("\r\n", "\n");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {screen}");
        Assert.Contains($"Enter passphrase for \"{key}\":", screen);
        Assert.Contains("password: hunter2", screen);
        Assert.DoesNotContain(Passphrase, screen);
    }

    [ExternalToolTheory(ExternalTool.SshKeygen, ExternalTool.Python3)]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    public async Task WithNoTerminalTheSshAskpassProgramAnswers(string type)
    {
        var (key, file) = await EncryptedForProtectedKeyAsync(type);
        var env = ProcessEnv(key);
        env["SSH_ASKPASS"] = AskPass(Passphrase);

        // A real process whose stdin is a pipe and no DISPLAY (a CI job): no terminal to prompt on.
        var run = External.Run("dotnet", [SopsnetDll, "decrypt", file], env: env, cwd: keys.Dir);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal(Plaintext, run.StdoutText);
        Assert.Equal([$"Enter passphrase for \"{key}\":"], AskedPrompts());
    }

    [ExternalToolFact(ExternalTool.SshKeygen, ExternalTool.Python3)]
    public async Task SshAskpassRequireForceNeedsNoDisplay()
    {
        var (key, file) = await EncryptedForProtectedKeyAsync("ed25519");

        var run = await CliRun.RunAsync(keys.Dir, new Dictionary<string, string>
        {
            ["SOPS_AGE_SSH_PRIVATE_KEY_FILE"] = key,
            ["SSH_ASKPASS"] = AskPass(Passphrase),
            ["SSH_ASKPASS_REQUIRE"] = "force",
        }, "decrypt", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Plaintext, run.Stdout);
    }

    [ExternalToolTheory(ExternalTool.SshKeygen, ExternalTool.Python3)]
    [InlineData(null, "never")]
    [InlineData(":0", "never")]
    public async Task SshAskpassRequireNeverKeepsTheAskpassProgramFromRunning(string? display, string? require)
    {
        var (key, file) = await EncryptedForProtectedKeyAsync("ed25519");
        var env = new Dictionary<string, string> { ["SOPS_AGE_SSH_PRIVATE_KEY_FILE"] = key, ["SSH_ASKPASS"] = AskPass(Passphrase) };
        if (display is not null)
        {
            env["DISPLAY"] = display;
        }

        if (require is not null)
        {
            env["SSH_ASKPASS_REQUIRE"] = require;
        }

        var run = await CliRun.RunAsync(keys.Dir, env, "decrypt", file);

        Cli.CliKit.AssertFailure(run, 128, key, Passphrase, "hunter2");
        Assert.Contains("is passphrase-protected and no passphrase was given", run.Stderr);
        Assert.Empty(AskedPrompts());
    }

    [ExternalToolFact(ExternalTool.SshKeygen, ExternalTool.Python3)]
    public async Task ACancelledOrWrongAskpassAnswerFailsWithOneLine()
    {
        var (key, file) = await EncryptedForProtectedKeyAsync("ed25519");
        var env = new Dictionary<string, string> { ["SOPS_AGE_SSH_PRIVATE_KEY_FILE"] = key, ["SSH_ASKPASS_REQUIRE"] = "force" };

        env["SSH_ASKPASS"] = AskPass("wrong passphrase");
        var wrong = await CliRun.RunAsync(keys.Dir, env, "decrypt", file);
        env["SSH_ASKPASS"] = AskPass(null);
        var cancelled = await CliRun.RunAsync(keys.Dir, env, "decrypt", file);

        Cli.CliKit.AssertFailure(wrong, 128, key, "wrong passphrase", "hunter2");
        Assert.Contains($"incorrect passphrase for ssh private key {key}", wrong.Stderr);
        Cli.CliKit.AssertFailure(cancelled, 128, key, "hunter2");
        Assert.Contains("no passphrase was given", cancelled.Stderr);
    }

    /// <summary>A protected key and a sops file encrypted for its public key; returns (key path, file path).</summary>
    private async Task<(string Key, string File)> EncryptedForProtectedKeyAsync(string type)
    {
        var (key, publicLine) = keys.SshKey(type, "id_" + type, Passphrase);
        File.WriteAllText(keys.Path("plain.yaml"), Plaintext);
        var run = await CliRun.RunAsync(keys.Dir, null, "encrypt", "--age", publicLine, "plain.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        var file = keys.Path("secrets.yaml");
        File.WriteAllBytes(file, run.StdoutBytes);
        return (key, file);
    }

    /// <summary>
    /// An SSH_ASKPASS program that records the prompt it is given and answers <paramref name="answer"/>,
    /// or exits 1 (the user cancelled) when it is null.
    /// </summary>
    private string AskPass(string? answer)
    {
        var script = keys.Path($"askpass-{Guid.NewGuid():N}");
        var reply = answer is null ? "exit 1" : $"printf '%s\\n' '{answer}'";
        File.WriteAllText(script, $"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{keys.Path("asked")}'\n{reply}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private string[] AskedPrompts() => File.Exists(keys.Path("asked")) ? File.ReadAllLines(keys.Path("asked")) : [];

    /// <summary>The environment of a real sopsnet process: the key, an empty home, none of the machine's prompts or keys.</summary>
    private Dictionary<string, string> ProcessEnv(string key) => new()
    {
        ["HOME"] = keys.Path("home"),
        ["SOPS_AGE_SSH_PRIVATE_KEY_FILE"] = key,
        ["SOPS_AGE_KEY"] = "",
        ["SOPS_AGE_KEY_FILE"] = "",
        ["SOPS_AGE_KEY_CMD"] = "",
        ["XDG_CONFIG_HOME"] = "",
        ["SSH_ASKPASS"] = "",
        ["SSH_ASKPASS_REQUIRE"] = "",
        ["DISPLAY"] = "",
        ["WAYLAND_DISPLAY"] = "",
    };
}
