using System.Text;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// Every write checks that its output reads back as meant before it replaces anything. The check must
/// never refuse a correct write: every command that writes, for every format, and the conversions
/// between formats (which drop what the target cannot hold) go through it and succeed.
/// </summary>
public sealed class ReadBackCheckTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static Dictionary<string, string> Key => CliKit.DemoKeyEnv();

    private async Task RunOkAsync(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var run = await CliRun.RunAsync(dir.Path, env, args);
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: {run}");
    }

    [Theory]
    [InlineData("s.yaml", "# comment\npassword: hunter22\nport: 5432\nlist:\n- one\nnote: |\n  two lines\n  of text\n", "[\"added\"]")]
    [InlineData("s.json", "{\n\t\"password\": \"hunter22\",\n\t\"port\": 5432,\n\t\"nested\": {\"ok\": true, \"none\": null}\n}\n", "[\"added\"]")]
    [InlineData("s.env", "# comment\nPASSWORD=hunter22\nPORT=5432\nEMPTY=\n", "[\"added\"]")]
    [InlineData("s.ini", "; comment\n[db]\npassword = hunter22\nport = 5432\n", "[\"db\"][\"added\"]")]
    [InlineData("s.toml", "# comment\npassword = \"hunter22\"\nport = 5432\nlist = [1, \"two\"]\n", "[\"added\"]")]
    [InlineData("s.bin", "hunter22 as a binary file\n", null)]
    public async Task Every_command_that_writes_passes_the_check_for_every_format(string name, string plaintext, string? newKey)
    {
        var file = dir.File(name);
        await File.WriteAllTextAsync(file, plaintext);
        var other = SopsNet.Age.X25519Identity.Generate().Recipient.ToString()!;

        await RunOkAsync(null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, name);
        Assert.DoesNotContain("hunter22", await File.ReadAllTextAsync(file));
        if (newKey is not null)
        {
            await RunOkAsync(Key, "set", name, newKey, "\"a new value\"");
            await RunOkAsync(Key, "unset", name, newKey);
        }

        await RunOkAsync(Key, "rotate", "-i", "--add-age", other, name);
        await RunOkAsync(Key, "rotate", "-i", "--rm-age", other, name);
        await RunOkAsync(Key, "groups", "add", "-f", name, "-i", "--age", TestPaths.DemoRecipient);
        await RunOkAsync(Key, "groups", "delete", "-f", name, "-i", "1");
        await RunOkAsync(Key, "decrypt", "--output", "out." + name, name);
        Assert.Equal(plaintext, await File.ReadAllTextAsync(dir.File("out." + name)));

        await RunOkAsync(Key, "decrypt", "-i", name);
        Assert.Equal(plaintext, await File.ReadAllTextAsync(file));
    }

    [Theory]
    [InlineData("c.yaml", "# dropped by json\npassword: hunter22\nport: 5432\nflag: true\nwhen: 2024-01-01\nnothing: null\nlist:\n- x\n", "json")]
    [InlineData("c.json", "{\"password\": \"hunter22\", \"port\": 5432, \"ratio\": 1.50, \"flag\": false, \"list\": [1, \"x\"]}", "yaml")]
    [InlineData("c.yaml", "PASSWORD: hunter22\nPORT: 5432\nFLAG: true\nPLAIN_unencrypted: 7\n", "dotenv")]
    [InlineData("c.json", "{\"db\": {\"password\": \"hunter22\", \"port\": 5432}}", "ini")]
    [InlineData("c.yaml", "password: hunter22\nport: 5432\ndb:\n  user: app\n", "toml")]
    public async Task Converting_between_formats_passes_the_check(string name, string plaintext, string outputType)
    {
        await File.WriteAllTextAsync(dir.File(name), plaintext);

        await RunOkAsync(null, "encrypt", "--age", TestPaths.DemoRecipient, "--output-type", outputType, "--output", "enc.out", name);
        Assert.DoesNotContain("hunter22", await File.ReadAllTextAsync(dir.File("enc.out")));
        await RunOkAsync(null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, name);
        await RunOkAsync(Key, "decrypt", "--output-type", outputType, "--output", "dec.out", name);
        Assert.Contains("hunter22", Encoding.UTF8.GetString(await File.ReadAllBytesAsync(dir.File("dec.out"))));
    }

    [Fact]
    public async Task A_decrypted_file_that_would_not_read_back_is_refused_in_one_line_and_nothing_is_written()
    {
        // An INI value cannot hold a lone CR (the INI reader refuses one), so this output cannot be read
        // back as the tree it was written from: --output writes nothing, -i leaves the encrypted file.
        await File.WriteAllTextAsync(dir.File("cr.yaml"), "db:\n  password: \"secret-one\\rsecret-two\"\n");
        await RunOkAsync(null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, "cr.yaml");
        var encrypted = await File.ReadAllBytesAsync(dir.File("cr.yaml"));

        var output = await CliRun.RunAsync(dir.Path, Key, "decrypt", "--output-type", "ini", "--output", "out.ini", "cr.yaml");
        var inPlace = await CliRun.RunAsync(dir.Path, Key, "decrypt", "--output-type", "ini", "-i", "cr.yaml");

        foreach (var run in new[] { output, inPlace })
        {
            CliKit.AssertFailure(run, 4, "cr.yaml: the output failed its read-back check, so nothing was written", "secret-one", "secret-two");
        }

        Assert.False(File.Exists(dir.File("out.ini")));
        Assert.Equal(encrypted, await File.ReadAllBytesAsync(dir.File("cr.yaml")));
    }
}
