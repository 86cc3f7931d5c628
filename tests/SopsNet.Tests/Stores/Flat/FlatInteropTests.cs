using System.Text;
using System.Text.Json;
using SopsNet.Stores;
using SopsNet.Stores.Dotenv;
using SopsNet.Stores.Ini;
using SopsNet.Tests.Support;
using SopsNet.Tree;

namespace SopsNet.Tests.Stores.Flat;

/// <summary>
/// dotenv and INI files that SopsNet encrypts decrypt, MAC verified, with the independent Python reader
/// (tests/interop, written from the spec) to the same tree.
/// </summary>
public sealed class FlatInteropTests
{
    public static TheoryData<string, string> Fixtures() => new()
    {
        { "dotenv", "# comment\nDB_HOST=localhost\n\nDB_PASS=\"s3cr3t\"\nfoo = bar\nURL=a=b=c\nPEM=line1\\nline2\nEMPTY=\nGRÜSSE=héllo ✓\nPUBLIC_unencrypted=clear\r\nLAST=no newline" },
        { "ini", "top = 1\n; about db\n[db]\nhost = localhost\npassword = \"  padded  \" ; note\nmulti = \"\"\"a\nb\"\"\"\nsemi = `x;y`\n\n[app]\nname: demo\nempty =\npublic_unencrypted = clear\nключ = значение\r\n" },
    };

    [ExternalToolTheory(ExternalTool.Python3, ExternalTool.Age)]
    [MemberData(nameof(Fixtures))]
    public async Task TheIndependentReaderDecryptsWhatSopsNetWrites(string format, string plaintext)
    {
        IStore store = format == "dotenv" ? new DotenvStore() : new IniStore();
        var encrypted = await FlatPipeline.EncryptAsync(store, plaintext);
        using var dir = new TempDir();
        var path = dir.File("secret." + (format == "dotenv" ? "env" : "ini"));
        File.WriteAllBytes(path, encrypted);

        var result = External.Run("python3", [TestPaths.Repo("tests/interop/sops_reader.py"), path, "--identity", TestPaths.DemoKey, "--format", format]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var expected = AsJson(store.Parse(Encoding.UTF8.GetBytes(plaintext)).Documents[0]);
        JsonTree.AssertEqual(expected, result.StdoutText);
    }

    [ExternalToolTheory(ExternalTool.Python3, ExternalTool.Age)]
    [MemberData(nameof(Fixtures))]
    public async Task TheIndependentReaderCatchesAChangedClearValue(string format, string plaintext)
    {
        IStore store = format == "dotenv" ? new DotenvStore() : new IniStore();
        var encrypted = Encoding.UTF8.GetString(await FlatPipeline.EncryptAsync(store, plaintext));
        using var dir = new TempDir();
        var path = dir.Write("secret." + format, encrypted.Replace("unencrypted=clear", "unencrypted=clear!").Replace("unencrypted = clear", "unencrypted = clear!"));

        var result = External.Run("python3", [TestPaths.Repo("tests/interop/sops_reader.py"), path, "--identity", TestPaths.DemoKey, "--format", format]);

        Assert.Equal(51, result.ExitCode);
    }

    // Relaxed escaping writes text the way the reader's json.dumps(ensure_ascii=False) does.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string AsJson(Mapping doc)
    {
        var sb = new StringBuilder("{");
        foreach (var pair in doc.Pairs)
        {
            sb.Append(JsonSerializer.Serialize(pair.Key, Relaxed)).Append(':');
            sb.Append(pair.Value is Mapping m ? AsJson(m) : JsonSerializer.Serialize(((Scalar)pair.Value).Text, Relaxed));
            sb.Append(',');
        }

        if (sb.Length > 1)
        {
            sb.Length--;
        }

        return sb.Append('}').ToString();
    }
}
