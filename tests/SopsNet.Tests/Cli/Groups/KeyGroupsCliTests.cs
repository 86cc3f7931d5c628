using System.Text;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Groups;

/// <summary>A file split across three key groups, any two of which open it (docs/format.md §8.9), through the CLI.</summary>
public sealed class KeyGroupsCliTests
{
    private static async Task<string> EncryptTwoOfThreeAsync(ShamirFiles f)
    {
        f.WriteConfig(2);
        var run = await f.RunAsync(null, "encrypt", "--output", "enc.yaml", "secrets.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        return f.Dir.File("enc.yaml");
    }

    [ExternalToolTheory(ExternalTool.Age)]
    [InlineData(0, 1)]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    public async Task Any_two_of_the_three_identities_decrypt_the_file(int a, int b)
    {
        using var f = new ShamirFiles();
        await EncryptTwoOfThreeAsync(f);

        var run = await f.RunAsync(f.With(a, b), "decrypt", "enc.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(ShamirFiles.Plaintext, run.Stdout);
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task One_identity_is_not_enough_and_the_error_lists_each_groups_outcome()
    {
        using var f = new ShamirFiles();
        await EncryptTwoOfThreeAsync(f);

        var run = await f.RunAsync(f.With(1), "decrypt", "enc.yaml");

        CliKit.AssertFailure(run, 128, "enc.yaml", "hunter2", "t0ken-value");
        Assert.Contains("not enough key groups could be opened: 1 of 3, 2 needed", run.Stderr);
        Assert.Contains($"group 0: failed (age {f.Recipient(0)}: no age identity matches", run.Stderr);
        Assert.Contains("group 1: ok", run.Stderr);
        Assert.Contains($"group 2: failed (age {f.Recipient(2)}: no age identity matches", run.Stderr);
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task The_file_has_key_groups_and_the_threshold_as_sops_writes_them()
    {
        using var f = new ShamirFiles();
        var text = await File.ReadAllTextAsync(await EncryptTwoOfThreeAsync(f));

        Assert.Contains("    shamir_threshold: 2\n", text);
        Assert.Contains("    key_groups:\n        - age:\n", text);
        Assert.Equal(3, text.Split("hc_vault: []").Length - 1);
        Assert.DoesNotContain("\n    age:", text);
    }

    [ExternalToolFact(ExternalTool.Age, ExternalTool.Python3)]
    public async Task The_age_cli_opens_each_share_and_an_independent_combine_gives_the_data_key()
    {
        using var f = new ShamirFiles();
        var path = await EncryptTwoOfThreeAsync(f);
        var shares = new List<byte[]>();
        for (var group = 0; group < 3; group++)
        {
            var enc = YamlEnc(await File.ReadAllTextAsync(path), group);
            var age = External.Run("age", ["--decrypt", "-i", f.Identities[group].File], Encoding.UTF8.GetBytes(enc));
            Assert.True(age.ExitCode == 0, age.Stderr);
            shares.Add(age.Stdout);
        }

        Assert.All(shares, s => Assert.Equal(33, s.Length));
        Assert.Equal(new byte[] { 1, 2, 3 }, shares.Select(s => s[32]));

        // Combine groups 0 and 2 with log/exp tables in Python and open a value with its AES-GCM: nothing of
        // SopsNet's is involved in reading the file back.
        var python = External.Run("python3", ["-c", CombineAndOpen, Convert.ToHexString(shares[0]), Convert.ToHexString(shares[2]), path]);
        Assert.True(python.ExitCode == 0, python.Stderr);
        Assert.Equal("hunter2", python.StdoutText.Trim());
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task The_threshold_flag_overrides_the_creation_rule()
    {
        using var f = new ShamirFiles();
        f.WriteConfig(3);

        var run = await f.RunAsync(null, "encrypt", "--shamir-secret-sharing-threshold", "2", "--output", "enc.yaml", "secrets.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("shamir_threshold: 2", await File.ReadAllTextAsync(f.Dir.File("enc.yaml")));
        Assert.Equal(0, (await f.RunAsync(f.With(0, 2), "decrypt", "enc.yaml")).ExitCode);
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task A_threshold_above_the_group_count_is_refused_on_encrypt()
    {
        using var f = new ShamirFiles();
        f.WriteConfig(4);

        var run = await f.RunAsync(null, "encrypt", "--output", "enc.yaml", "secrets.yaml");

        // sops: "could not generate data key", exit 1 (cmd/sops/encrypt.go).
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the shamir threshold must be between 2 and the number of key groups (3), not 4", run.Stderr);
        Assert.False(File.Exists(f.Dir.File("enc.yaml")));
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task Rotate_keeps_the_groups_and_can_change_the_threshold()
    {
        using var f = new ShamirFiles();
        f.WriteConfig(3);
        Assert.Equal(0, (await f.RunAsync(null, "encrypt", "-i", "secrets.yaml")).ExitCode);

        var run = await f.RunAsync(f.With(0, 1, 2), "rotate", "-i", "--shamir-secret-sharing-threshold", "2", "secrets.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        var decrypted = await f.RunAsync(f.With(1, 2), "decrypt", "secrets.yaml");
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        Assert.Equal(ShamirFiles.Plaintext, decrypted.Stdout);
    }

    /// <summary>The <c>enc</c> of the age key in key group <paramref name="group"/> (one age key per group here).</summary>
    private static string YamlEnc(string yaml, int group)
    {
        var start = yaml.IndexOf("        - age:", StringComparison.Ordinal);
        for (var i = 0; i < group; i++)
        {
            start = yaml.IndexOf("        - age:", start + 1, StringComparison.Ordinal);
        }

        var begin = yaml.IndexOf("-----BEGIN AGE ENCRYPTED FILE-----", start, StringComparison.Ordinal);
        var end = yaml.IndexOf("-----END AGE ENCRYPTED FILE-----", begin, StringComparison.Ordinal) + "-----END AGE ENCRYPTED FILE-----".Length;
        return string.Join("\n", yaml[begin..end].Split('\n').Select(l => l.Trim())) + "\n";
    }

    private const string CombineAndOpen = """
        import base64, re, sys
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        exp = [1] * 255
        for i in range(1, 255):
            a, b, r = exp[i - 1], 0xE5, 0
            while b:
                if b & 1: r ^= a
                a <<= 1
                if a & 0x100: a ^= 0x11B
                b >>= 1
            exp[i] = r
        log = {v: i for i, v in enumerate(exp)}
        mul = lambda a, b: 0 if a == 0 or b == 0 else exp[(log[a] + log[b]) % 255]
        div = lambda a, b: 0 if a == 0 else exp[(log[a] - log[b]) % 255]
        shares = [bytes.fromhex(h) for h in sys.argv[1:3]]
        xs = [s[-1] for s in shares]
        key = bytearray(32)
        for k in range(32):
            for i, s in enumerate(shares):
                w = 1
                for j, xj in enumerate(xs):
                    if j != i: w = mul(w, div(xj, xs[i] ^ xj))
                key[k] ^= mul(s[k], w)
        text = open(sys.argv[3]).read()
        m = re.search(r"password: ENC\[AES256_GCM,data:([^,]*),iv:([^,]*),tag:([^,]*),type:str\]", text)
        data, iv, tag = (base64.b64decode(x) for x in m.groups())
        print(AESGCM(bytes(key)).decrypt(iv, data + tag, b"db:password:").decode())
        """;
}
