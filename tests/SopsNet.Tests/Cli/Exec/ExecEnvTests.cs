using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Exec;

/// <summary>
/// <c>sopsnet exec-env</c> end to end: real encrypted files, a real /bin/sh child. The child's stdout is the
/// test process's own, so children write what they see to files in the scratch directory.
/// </summary>
public sealed class ExecEnvTests
{
    /// <summary>What a shell adds to even an empty environment (dash: PWD; bash also SHLVL and _).</summary>
    private static readonly HashSet<string> ShellMade = ["PWD", "OLDPWD", "SHLVL", "_"];

    private static string Secrets(string secret) =>
        $"db:\n    password: {secret}\n    port: 5432\n    ratio: 1.5\nhosts:\n    - alpha\n    - beta\ndebug: True\nempty: null\n";

    [Fact]
    public async Task Printenv_of_a_nested_value_prints_it_as_sops_takes_the_command()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", Secrets(f.Secret));

        var run = await f.RunAsync("exec-env", file, "printenv db__password > out.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(f.Secret + "\n", f.Read("out.txt"));
        Assert.Empty(run.StdoutBytes);
    }

    [Theory]
    [InlineData("exit 7", 7)]
    [InlineData("exit 0", 0)]
    [InlineData("kill -TERM $$", 128 + 15)]
    public async Task The_childs_exit_status_is_returned(string command, int expected)
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", Secrets(f.Secret));

        var run = await f.RunAsync("exec-env", file, command);

        Assert.True(run.ExitCode == expected, run.ToString());
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task No_file_under_tmp_or_dev_shm_holds_the_plaintext_while_the_child_runs()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", Secrets(f.Secret));

        // The secret reaches grep only through the environment. control.txt is written by the child on
        // purpose and must be found: it proves the search would see a plaintext file if there were one.
        var run = await f.RunAsync("exec-env", file,
            "printf %s \"$db__password\" > control.txt; grep -rlF \"$db__password\" /dev/shm /tmp 2>/dev/null > found.txt; true");

        Assert.True(run.ExitCode == 0, run.ToString());
        var found = f.Read("found.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([Path.GetFullPath(f.Dir.File("control.txt"))], found.Select(Path.GetFullPath));
    }

    [Fact]
    public async Task Values_keep_their_spelling_lists_use_indexes_bools_are_true_false_and_null_is_empty()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", Secrets(f.Secret));

        var run = await f.RunAsync("exec-env", "--pristine", file, "env > env.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        var env = f.ReadEnv("env.txt");
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["db__password"] = f.Secret,
                ["db__port"] = "5432",
                ["db__ratio"] = "1.5",
                ["hosts__0"] = "alpha",
                ["hosts__1"] = "beta",
                ["debug"] = "true",
                ["empty"] = "",
            },
            env.Where(kv => !ShellMade.Contains(kv.Key)).ToDictionary());
    }

    [Fact]
    public async Task Upper_prefix_and_separator_shape_the_names()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", Secrets(f.Secret));

        var run = await f.RunAsync("exec-env", "--pristine", "--upper", "--prefix", "app_", "--separator", "_", file, "env > env.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            ["APP_DB_PASSWORD", "APP_DB_PORT", "APP_DB_RATIO", "APP_DEBUG", "APP_EMPTY", "APP_HOSTS_0", "APP_HOSTS_1"],
            f.ReadEnv("env.txt").Keys.Where(k => !ShellMade.Contains(k)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Extract_takes_one_subtree_and_names_start_below_it()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", Secrets(f.Secret));

        var run = await f.RunAsync("exec-env", "--pristine", "--extract", "[\"db\"]", file, "env > env.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        var env = f.ReadEnv("env.txt").Where(kv => !ShellMade.Contains(kv.Key)).ToDictionary();
        Assert.Equal(new Dictionary<string, string> { ["password"] = f.Secret, ["port"] = "5432", ["ratio"] = "1.5" }, env);
    }

    [Fact]
    public async Task Several_files_merge_in_order_and_later_files_win()
    {
        using var f = new ExecFixture();
        var first = await f.EncryptAsync("first.yaml", "x: one\ny: from-first\n");
        var second = await f.EncryptAsync("second.json", "{\"y\": \"from-second\", \"z\": 3}\n");

        var run = await f.RunAsync("exec-env", "--pristine", first, second, "env > env.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        var env = f.ReadEnv("env.txt").Where(kv => !ShellMade.Contains(kv.Key)).ToDictionary();
        Assert.Equal(new Dictionary<string, string> { ["x"] = "one", ["y"] = "from-second", ["z"] = "3" }, env);
    }

    [Fact]
    public async Task Inherited_variables_reach_the_child_unless_pristine_and_decrypted_ones_override_them()
    {
        using var f = new ExecFixture();
        var inherited = "SOPSNET_EXEC_TEST_" + Guid.NewGuid().ToString("N");
        var overridden = "SOPSNET_EXEC_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(inherited, "from-parent");
        Environment.SetEnvironmentVariable(overridden, "from-parent");
        try
        {
            var file = await f.EncryptAsync("secrets.yaml", $"{overridden}: from-file\n");

            var plain = await f.RunAsync("exec-env", file, "env > env.txt");
            var pristine = await f.RunAsync("exec-env", "--pristine", file, "env > pristine.txt");

            Assert.True(plain.ExitCode == 0, plain.ToString());
            Assert.True(pristine.ExitCode == 0, pristine.ToString());
            var env = f.ReadEnv("env.txt");
            Assert.Equal("from-parent", env[inherited]);
            Assert.Equal("from-file", env[overridden]);
            Assert.Contains("PATH", env.Keys);
            var clean = f.ReadEnv("pristine.txt");
            Assert.Equal([overridden], clean.Keys.Where(k => !ShellMade.Contains(k)));
            Assert.Equal("from-file", clean[overridden]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(inherited, null);
            Environment.SetEnvironmentVariable(overridden, null);
        }
    }

    [Fact]
    public async Task Mask_on_github_prints_add_mask_for_every_line_of_every_value_escaped()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", $"token: {f.Secret}\ncert: |\n    line-one\n    line-two\npercent: 100%0A\n");
        var env = new Dictionary<string, string>(ExecFixture.Key) { ["GITHUB_ACTIONS"] = "true" };

        var run = await f.RunAsync(env, "exec-env", "--mask", file, "echo ran > ran.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(f.Exists("ran.txt"));
        Assert.Equal(
            [$"::add-mask::{f.Secret}", "::add-mask::line-one", "::add-mask::line-two", "::add-mask::100%250A"],
            run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Mask_on_gitlab_says_it_cannot_mask_and_prints_no_value()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", $"token: {f.Secret}\n");
        var env = new Dictionary<string, string>(ExecFixture.Key) { ["GITLAB_CI"] = "true" };

        var run = await f.RunAsync(env, "exec-env", "--mask", file, "echo ran > ran.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(f.Exists("ran.txt"));
        Assert.Empty(run.StdoutBytes);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("gitlab", run.Stderr);
        Assert.Contains("not masked", run.Stderr);
        CliKit.AssertNoSecret(run, f.Secret);
    }

    [Fact]
    public async Task A_key_with_an_equals_sign_fails_naming_the_path_not_the_value_and_runs_nothing()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", $"db:\n    \"pass=word\": {f.Secret}\n");

        var run = await f.RunAsync("exec-env", file, "echo ran > ran.txt");

        CliKit.AssertFailure(run, 1, file, f.Secret);
        Assert.Contains("[\"db\"][\"pass=word\"]", run.Stderr);
        Assert.False(f.Exists("ran.txt"));
    }

    [Fact]
    public async Task Without_the_key_nothing_runs_and_the_decrypt_error_code_is_returned()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", Secrets(f.Secret));

        var run = await f.RunAsync(new Dictionary<string, string>(), "exec-env", file, "echo ran > ran.txt");

        Assert.Equal(128, run.ExitCode);
        Assert.Contains(file, run.Stderr);
        Assert.False(f.Exists("ran.txt"));
    }

    [Fact]
    public async Task A_bad_or_missing_extract_path_is_error_91_and_runs_nothing()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", Secrets(f.Secret));

        var bad = await f.RunAsync("exec-env", "--extract", "db", file, "echo ran > ran.txt");
        var missing = await f.RunAsync("exec-env", "--extract", "[\"nope\"]", file, "echo ran > ran.txt");

        CliKit.AssertFailure(bad, 91, "--extract", f.Secret);
        CliKit.AssertFailure(missing, 91, "[\"nope\"]", f.Secret);
        Assert.False(f.Exists("ran.txt"));
    }

    [Fact]
    public async Task A_tampered_file_fails_its_mac_unless_ignore_mac()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", $"a: {f.Secret}\nb: other\n");

        // Remove one encrypted value: the rest still decrypts, but the MAC no longer matches.
        var lines = File.ReadAllLines(f.Dir.File(file)).Where(l => !l.StartsWith("b:", StringComparison.Ordinal));
        File.WriteAllLines(f.Dir.File(file), lines);

        var strict = await f.RunAsync("exec-env", file, "echo ran > ran.txt");
        Assert.Equal(51, strict.ExitCode);
        Assert.False(f.Exists("ran.txt"));

        var lenient = await f.RunAsync("--ignore-mac", "exec-env", file, "printenv a > a.txt");
        Assert.True(lenient.ExitCode == 0, lenient.ToString());
        Assert.Equal(f.Secret + "\n", f.Read("a.txt"));
    }

    [Fact]
    public async Task A_file_sops_wrote_gives_its_nested_values()
    {
        using var f = new ExecFixture();
        var file = TestPaths.Corpus("age-added/example.age-added.yaml");

        var run = await f.RunAsync(CliKit.CorpusKeyEnv(), "exec-env", file, "printenv app2__db__password > out.txt; printenv this__is__a__nested__value >> out.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("c4r1b0u\nwith something secret in it\n", f.Read("out.txt"));
    }

    [Fact]
    public async Task Names_a_shell_would_drop_are_warned_about_by_name()
    {
        using var f = new ExecFixture();

        // sops's own dotenv fixture: key "foo " (trailing space), value " bar".
        var run = await f.RunAsync(CliKit.CorpusKeyEnv(), "exec-env", TestPaths.Corpus("age-added/ft-format.age-added.env"), "echo ran > ran.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(f.Exists("ran.txt"));
        Assert.Equal("sopsnet: warning: 'foo ': not shell variable names; /bin/sh may drop them before the command starts (--separator _ or --prefix can help)\n", run.Stderr.ReplaceLineEndings("\n"));
        CliKit.AssertNoSecret(run, " bar");
    }
}
