using System.Text.RegularExpressions;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Groups;

/// <summary>
/// <c>updatekeys</c> on files split across key groups, and its <c>--shamir-secret-sharing-threshold</c>, as
/// sops 3.13's cmd/sops/subcommand/updatekeys/updatekeys.go works them out: the file's threshold or the
/// flag's, at most the rule's number of groups; the data key split afresh across the rule's groups.
/// </summary>
public sealed partial class UpdateKeysShamirTests
{
    private static async Task EncryptInPlaceAsync(ShamirFiles f)
    {
        var run = await f.RunAsync(null, "encrypt", "-i", "secrets.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    private static async Task<int> DecryptExitAsync(ShamirFiles f, params int[] identities)
    {
        var run = await f.RunAsync(f.With(identities), "decrypt", "secrets.yaml");
        Assert.True(run.ExitCode != 0 || run.Stdout == ShamirFiles.Plaintext, run.ToString());
        return run.ExitCode;
    }

    private static string Mac(string file) => File.ReadAllLines(file).Single(l => l.TrimStart().StartsWith("mac:", StringComparison.Ordinal));

    /// <summary>
    /// The file with everything random or dated blanked out (ciphertexts, wrapped keys, dates): two files
    /// with the same shape, keys, groups and threshold read the same.
    /// </summary>
    private static string Shape(string file) => Base64Line().Replace(
        Dated().Replace(Envelope().Replace(File.ReadAllText(file), "ENC[…]"), "$1: …"), "$1…");

    [ExternalToolFact(ExternalTool.Age)]
    public async Task The_threshold_alone_changes_down_and_up_and_the_file_opens_with_as_many_groups_as_it_says()
    {
        using var f = new ShamirFiles();
        f.WriteConfig(3);
        await EncryptInPlaceAsync(f);
        var file = f.Dir.File("secrets.yaml");
        var mac = Mac(file);
        Assert.Equal(128, await DecryptExitAsync(f, 0, 1));

        var down = await f.RunAsync(f.With(0, 1, 2), "updatekeys", "-y", "--shamir-secret-sharing-threshold", "2", "secrets.yaml");

        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Contains("shamir_threshold 3 -> 2", down.Stderr);
        Assert.Equal(mac, Mac(file)); // the same data key, split afresh: values and mac stay
        Assert.Equal(0, await DecryptExitAsync(f, 0, 1));
        Assert.Equal(0, await DecryptExitAsync(f, 1, 2));
        Assert.Equal(128, await DecryptExitAsync(f, 2));

        // Two groups opened it before: raising the threshold rotates the data key they may have kept.
        var up = await f.RunAsync(f.With(0, 1), "updatekeys", "-y", "--shamir-secret-sharing-threshold", "3", "secrets.yaml");

        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains("shamir_threshold 2 -> 3; data key rotated", up.Stderr);
        Assert.NotEqual(mac, Mac(file));
        Assert.Equal(128, await DecryptExitAsync(f, 0, 1));
        Assert.Equal(0, await DecryptExitAsync(f, 0, 1, 2));

        // Without the flag the file's threshold stays (sops ignores the rule's here): nothing to do.
        var again = await f.RunAsync(f.With(0, 1, 2), "updatekeys", "-y", "secrets.yaml");
        Assert.Contains("recipients unchanged", again.Stderr);
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task A_threshold_changed_by_updatekeys_gives_the_file_encrypt_writes_for_that_threshold()
    {
        using var f = new ShamirFiles();
        f.WriteConfig(2);
        Assert.Equal(0, (await f.RunAsync(null, "encrypt", "--output", "fresh.yaml", "secrets.yaml")).ExitCode);
        f.WriteConfig(3);
        await EncryptInPlaceAsync(f);

        var run = await f.RunAsync(f.With(0, 1, 2), "updatekeys", "-y", "--shamir-secret-sharing-threshold", "2", "secrets.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("    shamir_threshold: 2\n", File.ReadAllText(f.Dir.File("secrets.yaml")));
        Assert.Equal(Shape(f.Dir.File("fresh.yaml")), Shape(f.Dir.File("secrets.yaml")));
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task A_threshold_of_one_across_two_groups_is_refused_as_sops_cannot_split_with_it()
    {
        using var f = new ShamirFiles();
        f.Dir.Write(".sops.yaml", $"creation_rules:\n  - key_groups:\n      - age: {f.Recipient(0)}\n      - age: {f.Recipient(1)}\n");
        await EncryptInPlaceAsync(f);
        var before = File.ReadAllBytes(f.Dir.File("secrets.yaml"));

        var run = await f.RunAsync(f.With(0, 1), "updatekeys", "-y", "--shamir-secret-sharing-threshold", "1", "secrets.yaml");

        // sops plans it, then shamir.Split refuses a threshold under 2 (sops.go:787): exit 1.
        CliKit.AssertFailure(run, 1, "secrets.yaml", "hunter2");
        Assert.Contains("a shamir threshold of 1 cannot split the data key across 2 key groups", run.Stderr);
        Assert.Equal(before, File.ReadAllBytes(f.Dir.File("secrets.yaml")));
        Assert.Equal(128, await DecryptExitAsync(f, 0));
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task A_recipient_added_to_a_group_gets_a_share_of_the_same_data_key()
    {
        using var f = new ShamirFiles();
        f.WriteConfig(2);
        await EncryptInPlaceAsync(f);
        var file = f.Dir.File("secrets.yaml");
        var mac = Mac(file);
        Assert.Equal(128, await DecryptExitAsync(f, 2));

        // Identity 2 joins group 1 as well: it then holds two shares, which meet the threshold alone.
        f.Dir.Write(".sops.yaml", $"creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: {f.Recipient(0)},{f.Recipient(2)}\n      - age: {f.Recipient(1)}\n      - age: {f.Recipient(2)}\n");
        var run = await f.RunAsync(f.With(0, 1), "updatekeys", "-y", "secrets.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"+{f.Recipient(2)} (group 1)", run.Stderr);
        Assert.Equal(mac, Mac(file));
        Assert.Equal(0, await DecryptExitAsync(f, 2));
        Assert.Equal(0, await DecryptExitAsync(f, 0, 1));
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task A_threshold_only_change_counts_as_a_change_in_the_dry_run_and_bulk_summaries()
    {
        using var f = new ShamirFiles();
        f.WriteConfig(3);
        foreach (var name in new[] { "a", "b" })
        {
            f.Dir.Write($"s/{name}.yaml", ShamirFiles.Plaintext);
            Assert.Equal(0, (await f.RunAsync(null, "encrypt", "-i", $"s/{name}.yaml")).ExitCode);
        }

        var dry = await f.RunAsync(null, "updatekeys", "-r", "--dry-run", "--shamir-secret-sharing-threshold", "2", "s");
        var applied = await f.RunAsync(f.With(0, 1, 2), "updatekeys", "-r", "-y", "--shamir-secret-sharing-threshold", "2", "s");

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("would change: shamir_threshold 3 -> 2", dry.Stderr);
        Assert.Contains("2 files: 2 would change, 0 unchanged", dry.Stderr);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("2 changed", applied.Stderr);
        Assert.All(new[] { "a", "b" }, n => Assert.Contains("shamir_threshold: 2", File.ReadAllText(f.Dir.File($"s/{n}.yaml"))));
    }

    [GeneratedRegex(@"ENC\[[^\]]*\]")]
    private static partial Regex Envelope();

    [GeneratedRegex(@"(lastmodified|created_at): .*")]
    private static partial Regex Dated();

    [GeneratedRegex(@"(?m)^(\s+)[A-Za-z0-9+/=]+$")]
    private static partial Regex Base64Line();
}
