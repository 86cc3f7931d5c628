using System.Text.Json.Nodes;
using SopsNet.Age;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Age;

/// <summary>
/// age plugins through sopsnet: tests/interop/age_plugin/age_plugin_sopsnettest.py, a toy plugin written
/// from the published protocol, found as age-plugin-sopsnettest on PATH. The tests switch its behaviour
/// (PIN, confirmation, message, error, crash) with a small wrapper script per test.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AgePluginCliTests : IDisposable
{
    private const string Plaintext = "{\n\t\"db\": {\n\t\t\"password\": \"hunter2\"\n\t}\n}\n";
    private readonly TempDir dir = new();
    private readonly string recipient;
    private readonly string identityFile;

    public AgePluginCliTests()
    {
        var generated = External.Run("python3", [PluginScript, "--generate"]);
        Assert.True(generated.ExitCode == 0, generated.Stderr);
        recipient = generated.StdoutText.Split('\n')[0]["# recipient: ".Length..];
        identityFile = dir.Write("keys.txt", generated.StdoutText);
        dir.Write("plain.json", Plaintext);
    }

    public void Dispose() => dir.Dispose();

    private static string PluginScript => TestPaths.Repo("tests/interop/age_plugin/age_plugin_sopsnettest.py");

    private string Log => dir.File("plugin.log");

    [ExternalToolFact(ExternalTool.Python3)]
    public async Task ThePluginWrapsOnEncryptAndUnwrapsOnDecrypt()
    {
        var path = Plugin();

        var encrypted = await RunAsync(Env(path), "encrypt", "--age", recipient, "plain.json");
        var entry = JsonNode.Parse(encrypted.Stdout)!["sops"]!["age"]![0]!;
        var file = dir.Write("secrets.json", encrypted.Stdout);
        var decrypted = await RunAsync(Env(path, ("SOPS_AGE_KEY_FILE", identityFile)), "decrypt", file);

        JsonTree.AssertEqual(Plaintext, decrypted.Stdout);
        Assert.Equal(recipient, (string?)entry["recipient"]);
        Assert.StartsWith("age-encryption.org/v1\n-> sopsnettest ", System.Text.Encoding.ASCII.GetString(AgeArmor.Decode((string)entry["enc"]!)));

        // What the plugin received, phase 1 of recipient-v1 then of identity-v1, as the spec orders them.
        var log = File.ReadAllLines(Log).Select(l => string.Join(' ', l.Split(' ').Take(3))).ToArray();
        Assert.Equal(
            ["-> add-recipient " + recipient, "-> wrap-file-key", "-> extension-labels", "-> done", "-> ok",
             "-> add-identity " + File.ReadAllLines(identityFile)[1], "-> recipient-stanza 0", "-> done", "-> ok"],
            log);
    }

    [ExternalToolFact(ExternalTool.Python3)]
    public async Task AMissingPluginIsOneLineNamingItAndExit128OnDecrypt()
    {
        var encrypted = await RunAsync(Env(Plugin()), "encrypt", "--age", recipient, "plain.json");
        var file = dir.Write("secrets.json", encrypted.Stdout);
        var empty = Directory.CreateDirectory(dir.File("empty-path")).FullName;

        var decrypt = await CliRun.RunAsync(dir.Path, Env(empty, ("SOPS_AGE_KEY_FILE", identityFile)), "decrypt", file);
        var encrypt = await CliRun.RunAsync(dir.Path, Env(empty), "encrypt", "--age", recipient, "plain.json");

        Cli.CliKit.AssertFailure(decrypt, 128, "age-plugin-sopsnettest", "hunter2");
        Assert.Contains($"age-plugin-sopsnettest not found on PATH (needed for the plugin identity in {identityFile} line 2)", decrypt.Stderr);
        Assert.NotEqual(0, encrypt.ExitCode);
        Assert.Single(encrypt.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"age-plugin-sopsnettest not found on PATH (needed for recipient {recipient})", encrypt.Stderr);
    }

    [ExternalToolFact(ExternalTool.Python3)]
    public async Task ThePluginsErrorIsTheMessageOnBothSides()
    {
        var file = await EncryptedAsync();
        var failing = Plugin(("SOPSNETTEST_ERROR", "the token was unplugged"));

        var decrypt = await CliRun.RunAsync(dir.Path, Env(failing, ("SOPS_AGE_KEY_FILE", identityFile)), "decrypt", file);
        var encrypt = await CliRun.RunAsync(dir.Path, Env(failing), "encrypt", "--age", recipient, "plain.json");

        Cli.CliKit.AssertFailure(decrypt, 128, "age-plugin-sopsnettest: the token was unplugged", "hunter2");
        Assert.NotEqual(0, encrypt.ExitCode);
        Assert.Contains("age-plugin-sopsnettest: the token was unplugged", encrypt.Stderr);
        Assert.Single(encrypt.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [ExternalToolFact(ExternalTool.Python3)]
    public async Task APluginThatDiesShowsItsLastErrorLine()
    {
        var file = await EncryptedAsync();

        var run = await CliRun.RunAsync(dir.Path, Env(Plugin(("SOPSNETTEST_CRASH", "no device found")), ("SOPS_AGE_KEY_FILE", identityFile)), "decrypt", file);

        Cli.CliKit.AssertFailure(run, 128, "age-plugin-sopsnettest exited (code 3) before finishing the protocol (its last error: no device found)");
    }

    [ExternalToolFact(ExternalTool.Python3)]
    public async Task RequestSecretIsAnsweredBySshAskpassWithoutATerminal()
    {
        var file = await EncryptedAsync();
        var withPin = Plugin(("SOPSNETTEST_PIN", "4711"));

        var right = await CliRun.RunAsync(dir.Path, Env(withPin, ("SOPS_AGE_KEY_FILE", identityFile), ("SSH_ASKPASS", AskPass("4711")), ("SSH_ASKPASS_REQUIRE", "force")), "decrypt", file);
        var wrong = await CliRun.RunAsync(dir.Path, Env(withPin, ("SOPS_AGE_KEY_FILE", identityFile), ("SSH_ASKPASS", AskPass("1234")), ("SSH_ASKPASS_REQUIRE", "force")), "decrypt", file);
        var nobody = await CliRun.RunAsync(dir.Path, Env(withPin, ("SOPS_AGE_KEY_FILE", identityFile)), "decrypt", file);

        Assert.True(right.ExitCode == 0, right.ToString());
        JsonTree.AssertEqual(Plaintext, right.Stdout);
        Assert.Equal("PIN for sopsnettest:", Asked()[0]);
        Cli.CliKit.AssertFailure(wrong, 128, "age-plugin-sopsnettest: wrong PIN", "4711", "1234", "hunter2");
        Cli.CliKit.AssertFailure(nobody, 128, "age-plugin-sopsnettest: no PIN was given", "4711", "hunter2");
    }

    [ExternalToolFact(ExternalTool.Python3)]
    public async Task ConfirmAndMsgGoToTheUser()
    {
        var file = await EncryptedAsync();
        var asking = Plugin(("SOPSNETTEST_CONFIRM", "Use the token?"), ("SOPSNETTEST_MSG", "touch the token"));

        var yes = await CliRun.RunAsync(dir.Path, Env(asking, ("SOPS_AGE_KEY_FILE", identityFile), ("SSH_ASKPASS", AskPass("")), ("SSH_ASKPASS_REQUIRE", "force")), "decrypt", file);
        var no = await CliRun.RunAsync(dir.Path, Env(asking, ("SOPS_AGE_KEY_FILE", identityFile), ("SSH_ASKPASS", AskPass(null)), ("SSH_ASKPASS_REQUIRE", "force")), "decrypt", file);

        Assert.True(yes.ExitCode == 0, yes.ToString());
        Assert.Equal("sopsnet: age-plugin-sopsnettest: touch the token\n", yes.Stderr);
        Assert.Equal("Use the token? (yes: \"yes\", no: \"no\")", Asked()[0]);
        Assert.Equal(128, no.ExitCode);
        Assert.Contains("age-plugin-sopsnettest: the user did not confirm", no.Stderr);
    }

    [ExternalToolFact(ExternalTool.Python3)]
    public async Task RequestSecretIsAnsweredAtTheTerminal()
    {
        var file = await EncryptedAsync();
        var env = new Dictionary<string, string>
        {
            ["HOME"] = dir.File("home"),
            ["PATH"] = Plugin(("SOPSNETTEST_PIN", "4711")) + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["SOPS_AGE_KEY_FILE"] = identityFile,
            ["SSH_ASKPASS"] = "",
            ["SSH_ASKPASS_REQUIRE"] = "",
        };

        var run = External.Run(
            "python3",
            [TestPaths.Repo("tests/interop/pty_answer.py"), "--secret", "PIN for sopsnettest:", "4711", "--", "dotnet", Path.Combine(AppContext.BaseDirectory, "sopsnet.dll"), "decrypt", file],
            env: env,
            cwd: dir.Path);

        var screen = run.StdoutText;
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {screen}");
        Assert.Contains("\"password\": \"hunter2\"", screen);
        Assert.DoesNotContain("4711", screen);
    }

    [ExternalToolFact(ExternalTool.Python3)]
    public async Task NativeIdentitiesAreTriedBeforeAnyPluginStarts()
    {
        var x25519 = X25519Identity.Generate();
        var run0 = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", x25519.Recipient.Text, "plain.json");
        var file = dir.Write("secrets.json", run0.Stdout);
        var keys = dir.Write("both.txt", File.ReadAllText(identityFile) + x25519.ToSecretString() + "\n");

        // No plugin on PATH: had the plugin identity (first in the file) been tried first, this would fail.
        var run = await CliRun.RunAsync(dir.Path, Env(Directory.CreateDirectory(dir.File("empty-path")).FullName, ("SOPS_AGE_KEY_FILE", keys)), "decrypt", file);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [ExternalToolFact(ExternalTool.Python3)]
    public void APluginInARelativePathEntryIsNeverRun()
    {
        // The plugin spec forbids finding plugins relative to the working directory. A real process, so
        // that its working directory is the one the relative entry points into.
        var relative = Path.GetRelativePath(dir.Path, Plugin());
        var env = new Dictionary<string, string> { ["HOME"] = dir.File("home"), ["PATH"] = $"{relative}:{Environment.GetEnvironmentVariable("PATH")}" };

        var run = External.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sopsnet.dll"), "encrypt", "--age", recipient, "plain.json"], env: env, cwd: dir.Path);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("age-plugin-sopsnettest not found on PATH", run.Stderr);
        Assert.False(File.Exists(Log));
    }

    [ExternalToolFact(ExternalTool.Python3)]
    public void APostQuantumLabelledPluginMixesWithHybridRecipientsOnly()
    {
        var host = new AgeHost { PluginSearchPath = Plugin(("SOPSNETTEST_LABELS", "postquantum")) };
        var hybrid = HybridIdentity.Generate();

        var both = AgeFile.Encrypt("x"u8, [AgeRecipients.Parse(recipient, host), hybrid.Recipient]);
        var ex = Assert.Throws<AgeException>(() => AgeFile.Encrypt("x"u8, [AgeRecipients.Parse(recipient, host), X25519Identity.Generate().Recipient]));

        Assert.Equal("x"u8.ToArray(), AgeFile.Decrypt(both, [hybrid]));
        Assert.Contains("cannot be mixed", ex.Message);
    }

    private async Task<string> EncryptedAsync()
    {
        var encrypted = await RunAsync(Env(Plugin()), "encrypt", "--age", recipient, "plain.json");
        return dir.Write("secrets.json", encrypted.Stdout);
    }

    private async Task<CliRun> RunAsync(Dictionary<string, string> env, params string[] args)
    {
        var run = await CliRun.RunAsync(dir.Path, env, args);
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: {run}");
        return run;
    }

    private static Dictionary<string, string> Env(string path, params (string Name, string Value)[] more)
    {
        var env = new Dictionary<string, string> { ["PATH"] = path };
        foreach (var (name, value) in more)
        {
            env[name] = value;
        }

        return env;
    }

    /// <summary>A directory holding age-plugin-sopsnettest, a wrapper that runs the plugin with these settings.</summary>
    private string Plugin(params (string Name, string Value)[] settings)
    {
        var pluginDir = Directory.CreateDirectory(dir.File($"plugin-{Guid.NewGuid():N}")).FullName;
        var exports = string.Concat(settings.Select(s => $"export {s.Name}='{s.Value}'\n"));
        var wrapper = Path.Combine(pluginDir, "age-plugin-sopsnettest");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexport SOPSNETTEST_LOG='{Log}'\n{exports}exec python3 '{PluginScript}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return pluginDir;
    }

    /// <summary>An SSH_ASKPASS program recording its prompt and printing <paramref name="answer"/>, or exiting 1 when null.</summary>
    private string AskPass(string? answer)
    {
        var script = dir.File($"askpass-{Guid.NewGuid():N}");
        var reply = answer is null ? "exit 1" : $"printf '%s\\n' '{answer}'";
        File.WriteAllText(script, $"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{dir.File("asked")}'\n{reply}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private string[] Asked() => File.ReadAllLines(dir.File("asked"));
}
