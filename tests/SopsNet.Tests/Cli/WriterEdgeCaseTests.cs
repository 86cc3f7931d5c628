using System.Text;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// Files whose ends and line breaks the source-faithful writers used to get wrong (issue 10, reproducers
/// 1 to 3): a keep-chomping block scalar before the sops block, CR-only line endings, a block scalar
/// without a final line break, multi-document YAML with CRLF or CR. Each must encrypt to a file that holds
/// its sops block and no plaintext, and decrypt back to what was encrypted; or be refused in one line.
/// </summary>
public sealed class WriterEdgeCaseTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static Dictionary<string, string> Key => CliKit.DemoKeyEnv();

    private async Task<string> EncryptInPlaceAsync(string name, string plaintext)
    {
        var file = dir.File(name);
        await File.WriteAllBytesAsync(file, Encoding.UTF8.GetBytes(plaintext));
        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, name);
        Assert.True(run.ExitCode == 0, run.ToString());
        return file;
    }

    private async Task<string> DecryptAsync(string file)
    {
        var run = await CliRun.RunAsync(dir.Path, Key, "decrypt", file);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Stdout;
    }

    public static TheoryData<string> KeepChompingTails() =>
    [
        "password: hunter2\nnote: |+\n  y\n\n",
        "password: hunter2\nnote: >+\n  y\n\n",
        "password: hunter2\nnote: |2+\n   y\n\n\n",
        "password: hunter2\r\nnote: |+\r\n  y\r\n\r\n",
        "db:\n  password: hunter2\n  note: |+\n    y\n\n",
        "list:\n- hunter2\n- |+\n  y\n\n",
        "a: |+\n  hunter2\n\n---\nb: y\n",
        "a: |+\r\n  hunter2\r\n\r\n---\r\nb: y\r\n",
    ];

    [Theory]
    [MemberData(nameof(KeepChompingTails))]
    public async Task A_keep_chomping_block_scalar_before_blank_lines_keeps_the_sops_block(string plaintext)
    {
        var file = await EncryptInPlaceAsync("keep.yaml", plaintext);

        var encrypted = await File.ReadAllTextAsync(file);
        Assert.Contains("sops:", encrypted);
        Assert.DoesNotContain("hunter2", encrypted);
        Assert.Equal(plaintext, await DecryptAsync(file));
    }

    [Fact]
    public async Task Encrypting_to_standard_output_keeps_the_sops_block_after_a_keep_chomping_block_scalar()
    {
        const string plaintext = "password: hunter2\nnote: |+\n  y\n\n";
        await File.WriteAllTextAsync(dir.File("p.yaml"), plaintext);
        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "p.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        await File.WriteAllBytesAsync(dir.File("p.enc.yaml"), run.StdoutBytes);
        Assert.Equal(plaintext, await DecryptAsync("p.enc.yaml"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_edit_that_ends_the_file_with_a_keep_chomping_block_scalar_keeps_the_sops_block()
    {
        var file = await EncryptInPlaceAsync("edit.yaml", "password: hunter2\n");
        var editor = dir.Write("editor.sh", "#!/bin/sh\nprintf 'note: |+\\n  y\\n\\n' >> \"$1\"\n");
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = new Dictionary<string, string>(Key) { ["SOPS_EDITOR"] = editor };

        var run = await CliRun.RunAsync(dir.Path, env, "edit", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("password: hunter2\nnote: |+\n  y\n\n", await DecryptAsync(file));
    }

    [Theory]
    [InlineData("a: 1\rb: |\r  line1\r  line2\rc: 2\r")]
    [InlineData("a: 1\rb: |-\r  line1\r  line2\r\rc: 2\r")]
    [InlineData("# top\ra: 1\rb: |+\r  line1\r  line2\r\r")]
    [InlineData("a: x\r---\rb: y\r")]
    [InlineData("a: x\r# c\r---\r# d\rb: line1\r# e\r")]
    [InlineData("a: x\r\n---\r\nb: y\r\n")]
    public async Task Yaml_with_cr_only_line_breaks_encrypts_every_value_and_decrypts_byte_for_byte(string plaintext)
    {
        // YAML (1.1 and 1.2) reads a lone CR as a line break, so the writer must cut lines where the parser did.
        var file = await EncryptInPlaceAsync("cr.yaml", plaintext);

        var encrypted = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain("line1", encrypted);
        Assert.DoesNotContain("line2", encrypted);
        Assert.Equal(plaintext, await DecryptAsync(file));
        var inPlace = await CliRun.RunAsync(dir.Path, Key, "decrypt", "-i", file);
        Assert.True(inPlace.ExitCode == 0, inPlace.ToString());
        Assert.Equal(plaintext, await File.ReadAllTextAsync(file));
    }

    [Theory]
    [InlineData("cr.env", "A=1\rB=secret-value\r", "cr.env:1:4:")]
    [InlineData("cr.ini", "[s]\ra=1\rb=secret-value\r", "cr.ini:1:4:")]
    [InlineData("mixed.ini", "[s]\na=1\nb=2\r[t]\nc=secret-value\n", "mixed.ini:3:4:")]
    public async Task Dotenv_and_ini_with_a_lone_carriage_return_are_refused_in_one_line(string name, string plaintext, string position)
    {
        // sops splits these at LF only: a lone CR would glue lines into one value or hide a section's keys.
        var file = dir.File(name);
        await File.WriteAllTextAsync(file, plaintext);

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, name);

        CliKit.AssertFailure(run, 2, position, "secret-value");
        Assert.Contains("carriage return", run.Stderr);
        Assert.Equal(plaintext, await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_block_scalar_without_a_final_line_break_decrypts_without_the_sops_block()
    {
        var file = await EncryptInPlaceAsync("eof.yaml", "a: x\nb: |\n  y");

        // Clip chomping at the end of the file keeps no line break: the same value as strip (|-), which
        // is how it is written back (encrypt warns about it).
        Assert.Equal("a: x\nb: |-\n  y", await DecryptAsync(file));

        var inPlace = await CliRun.RunAsync(dir.Path, Key, "decrypt", "-i", file);
        Assert.True(inPlace.ExitCode == 0, inPlace.ToString());
        Assert.Equal("a: x\nb: |-\n  y", await File.ReadAllTextAsync(file));
        var status = await CliRun.RunAsync(dir.Path, null, "filestatus", file);
        Assert.Equal("{\"encrypted\":false}", status.Stdout.Trim());
    }

    [Theory]
    [InlineData("a: x\n---\nb: |\n  y", "a: x\n---\nb: |-\n  y")]
    [InlineData("a: x\r\n---\r\nb: |+\r\n  y", "a: x\r\n---\r\nb: |-\r\n  y")]
    [InlineData("a: x\nnote_unencrypted: |\n  clear text", "a: x\nnote_unencrypted: |-\n  clear text")]
    [InlineData("a: x\nlist:\n- >\n  folded", "a: x\nlist:\n- >-\n  folded")]
    public async Task A_document_ending_in_a_block_scalar_without_a_line_break_keeps_its_value(string plaintext, string decrypted)
    {
        // Appending the sops block puts a line break after the last value: a clip or keep block scalar
        // (even an unencrypted one) must not take it into its value.
        var file = await EncryptInPlaceAsync("eof.yaml", plaintext);

        Assert.Equal(decrypted, await DecryptAsync(file));
    }

    [Fact]
    public async Task Set_and_unset_on_a_file_without_a_final_line_break_keep_the_sops_block()
    {
        var file = await EncryptInPlaceAsync("nofinal.yaml", "a: x\nb: y");

        var set = await CliRun.RunAsync(dir.Path, Key, "set", file, "[\"b\"]", "\"z\"");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal("a: x\nb: z", await DecryptAsync(file));

        var add = await CliRun.RunAsync(dir.Path, Key, "set", file, "[\"c\"]", "\"text\\n\"");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal("text\n", (await CliRun.RunAsync(dir.Path, Key, "decrypt", "--extract", "[\"c\"]", file)).Stdout);

        var unset = await CliRun.RunAsync(dir.Path, Key, "unset", file, "[\"c\"]");
        Assert.True(unset.ExitCode == 0, unset.ToString());
        Assert.Equal("a: x\nb: z", await DecryptAsync(file));
    }
}
