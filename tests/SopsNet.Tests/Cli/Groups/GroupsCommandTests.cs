using System.Text.RegularExpressions;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Groups;

/// <summary><c>sopsnet groups add</c> and <c>groups delete</c>: who can open the file afterwards, and a new data key each time.</summary>
public sealed class GroupsCommandTests
{
    private static async Task<ShamirFiles> SingleGroupFileAsync()
    {
        var f = new ShamirFiles();
        var run = await f.RunAsync(null, "encrypt", "--age", f.Recipient(0), "--output", "enc.yaml", "secrets.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        return f;
    }

    private static async Task AssertOpensAsync(ShamirFiles f, bool expected, params int[] identities)
    {
        var run = await f.RunAsync(f.With(identities), "decrypt", "enc.yaml");
        Assert.True(expected ? run.ExitCode == 0 : run.ExitCode == 128, $"identities {string.Join(",", identities)}: {run}");
        if (expected)
        {
            Assert.Equal(ShamirFiles.Plaintext, run.Stdout);
        }
    }

    private static string PasswordCiphertext(ShamirFiles f) =>
        Regex.Match(File.ReadAllText(f.Dir.File("enc.yaml")), @"password: (ENC\[[^\]]*\])").Groups[1].Value;

    [ExternalToolFact(ExternalTool.Age)]
    public async Task Adding_a_group_makes_both_groups_needed_by_default()
    {
        using var f = await SingleGroupFileAsync();
        var before = PasswordCiphertext(f);

        var run = await f.RunAsync(f.With(0), "groups", "add", "--file", "enc.yaml", "-i", "--age", f.Recipient(1));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.StdoutBytes);
        Assert.NotEqual(before, PasswordCiphertext(f));
        Assert.Contains("shamir_threshold: 2", await File.ReadAllTextAsync(f.Dir.File("enc.yaml")));
        await AssertOpensAsync(f, true, 0, 1);
        await AssertOpensAsync(f, false, 0);
        await AssertOpensAsync(f, false, 1);
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task Add_with_a_threshold_then_delete_round_trips()
    {
        using var f = await SingleGroupFileAsync();
        Assert.Equal(0, (await f.RunAsync(f.With(0), "groups", "add", "-f", "enc.yaml", "-i", "--age", f.Recipient(1))).ExitCode);
        var add = await f.RunAsync(f.With(0, 1), "groups", "add", "-f", "enc.yaml", "-i", "--age", f.Recipient(2), "--shamir-secret-sharing-threshold", "2");
        Assert.True(add.ExitCode == 0, add.ToString());
        await AssertOpensAsync(f, true, 1, 2);
        await AssertOpensAsync(f, false, 2);

        var delete = await f.RunAsync(f.With(0, 2), "groups", "delete", "--file", "enc.yaml", "-i", "1");

        Assert.True(delete.ExitCode == 0, delete.ToString());
        var text = await File.ReadAllTextAsync(f.Dir.File("enc.yaml"));
        Assert.DoesNotContain(f.Recipient(1), text);
        await AssertOpensAsync(f, true, 0, 2);
        await AssertOpensAsync(f, false, 0, 1);

        var last = await f.RunAsync(f.With(0, 2), "groups", "delete", "--file", "enc.yaml", "-i", "0");

        Assert.True(last.ExitCode == 0, last.ToString());
        text = await File.ReadAllTextAsync(f.Dir.File("enc.yaml"));
        Assert.DoesNotContain("key_groups", text);
        Assert.DoesNotContain("shamir_threshold", text);
        await AssertOpensAsync(f, true, 2);
        await AssertOpensAsync(f, false, 0);
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task Without_in_place_the_result_goes_to_standard_output()
    {
        using var f = await SingleGroupFileAsync();
        var before = await File.ReadAllTextAsync(f.Dir.File("enc.yaml"));

        var run = await f.RunAsync(f.With(0), "groups", "add", "--file", "enc.yaml", "--age", f.Recipient(1));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("key_groups:", run.Stdout);
        Assert.Equal(before, await File.ReadAllTextAsync(f.Dir.File("enc.yaml")));
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task Deleting_a_group_the_threshold_still_needs_is_refused()
    {
        using var f = new ShamirFiles();
        f.WriteConfig(3);
        Assert.Equal(0, (await f.RunAsync(null, "encrypt", "--output", "enc.yaml", "secrets.yaml")).ExitCode);
        var before = await File.ReadAllTextAsync(f.Dir.File("enc.yaml"));

        var run = await f.RunAsync(f.With(0, 1, 2), "groups", "delete", "--file", "enc.yaml", "-i", "2");

        CliKit.AssertFailure(run, 1, "enc.yaml", "hunter2");
        Assert.Contains("the shamir threshold is 3, but the file would have only 2 key groups", run.Stderr);
        Assert.Equal(before, await File.ReadAllTextAsync(f.Dir.File("enc.yaml")));
    }

    [ExternalToolTheory(ExternalTool.Age)]
    [InlineData("5")]
    [InlineData("-1")]
    public async Task Deleting_a_group_that_does_not_exist_is_refused(string index)
    {
        using var f = new ShamirFiles();
        f.WriteConfig(2);
        Assert.Equal(0, (await f.RunAsync(null, "encrypt", "--output", "enc.yaml", "secrets.yaml")).ExitCode);

        var run = await f.RunAsync(f.With(0, 1), "groups", "delete", "--file", "enc.yaml", "-i", "--", index);

        // sops: ParseUint fails on "-1" before the file is read (cmd/sops/main.go:700); both exit 1.
        if (index == "-1")
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("'-1' is not a group index", run.Stderr);
            return;
        }

        CliKit.AssertFailure(run, 1, "enc.yaml");
        Assert.Contains("there is no key group", run.Stderr);
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task Changing_groups_needs_the_file_to_open_first()
    {
        using var f = await SingleGroupFileAsync();

        var run = await f.RunAsync(f.With(1), "groups", "add", "--file", "enc.yaml", "-i", "--age", f.Recipient(1));

        CliKit.AssertFailure(run, 128, "enc.yaml");
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task Adding_an_empty_group_is_refused()
    {
        using var f = await SingleGroupFileAsync();

        var run = await f.RunAsync(f.With(0), "groups", "add", "--file", "enc.yaml", "-i");

        CliKit.AssertFailure(run, 1, "enc.yaml");
        Assert.Contains("needs the new group's keys: give --age, --pgp", run.Stderr);
    }
}
