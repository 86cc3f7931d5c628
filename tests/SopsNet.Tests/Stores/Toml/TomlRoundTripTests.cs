using System.Text;
using SopsNet.Stores.Toml;
using SopsNet.Tests.Stores.Binary;
using SopsNet.Tree;
using Tomlyn.Parsing;
using Tomlyn.Syntax;
using Xunit;

namespace SopsNet.Tests.Stores.Toml;

public sealed class TomlRoundTripTests
{
    public static TheoryData<string> Names() => [.. TomlCorpus.Files.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void ParsingGivesNoWarningsAndWritingUnchangedReproducesTheInput(string name)
    {
        var store = new TomlStore();
        var parsed = store.Parse(Encoding.UTF8.GetBytes(TomlCorpus.Files[name]));

        Assert.Empty(parsed.Warnings);
        Assert.Equal(TomlCorpus.Files[name], Encoding.UTF8.GetString(store.Write(parsed.Documents, null, parsed)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task DecryptOfEncryptGivesTheOriginalBytesThroughTheRealEngine(string name)
    {
        var store = new TomlStore();
        var input = Encoding.UTF8.GetBytes(TomlCorpus.Files[name]);

        var encrypted = await AgeFileCipher.EncryptAsync(store, input);
        var decrypted = await AgeFileCipher.DecryptAsync(store, encrypted);

        Assert.Equal(TomlCorpus.Files[name], Encoding.UTF8.GetString(decrypted));
        Assert.Equal(input, decrypted);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task TheEncryptedFileIsTomlWithTheSameTablesAndKeys(string name)
    {
        var store = new TomlStore();
        var input = Encoding.UTF8.GetBytes(TomlCorpus.Files[name]);

        var encrypted = Encoding.UTF8.GetString(await AgeFileCipher.EncryptAsync(store, input));

        var before = SyntaxParser.Parse(TomlCorpus.Files[name].TrimStart('\uFEFF'), "", true);
        var after = SyntaxParser.Parse(encrypted.TrimStart('\uFEFF'), "", true);
        Assert.False(after.HasErrors, string.Join("\n", after.Diagnostics));
        Assert.Equal(Shape(before), Shape(after).TakeWhile(k => k != "[sops"));
        Assert.Contains("[sops]", encrypted, StringComparison.Ordinal);
        Assert.Contains("[[sops.age]]", encrypted, StringComparison.Ordinal);
        Assert.DoesNotContain("type:str]\n\"", encrypted, StringComparison.Ordinal);
        foreach (var leaf in Leaves(store.Parse(Encoding.UTF8.GetBytes(encrypted)).Documents[0]))
        {
            Assert.True(leaf is Comment { Text: var c } ? c.StartsWith("ENC[AES256_GCM,", StringComparison.Ordinal)
                : leaf is Scalar { Kind: ScalarKind.String, Text: var t } && (t.Length == 0 || t.StartsWith("ENC[AES256_GCM,", StringComparison.Ordinal)),
                $"{name}: a leaf is not encrypted");
        }
    }

    [Fact]
    public async Task EditingOneValueChangesOnlyItsLineAndTheMetadata()
    {
        var store = new TomlStore();
        var input = Encoding.UTF8.GetBytes(TomlCorpus.Files["cargo"]);
        var encrypted = await AgeFileCipher.EncryptAsync(store, input);

        var edited = await AgeFileCipher.EditAsync(store, encrypted, doc => Replace(doc, "package", "version", Scalar.String("0.2.0")));

        var before = DataLines(encrypted);
        var after = DataLines(edited);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Equal([3], changed);
        Assert.StartsWith("version = \"ENC[AES256_GCM,", after[3], StringComparison.Ordinal);
        var decrypted = Encoding.UTF8.GetString(await AgeFileCipher.DecryptAsync(store, edited));
        Assert.Equal(TomlCorpus.Files["cargo"].Replace("\"0.1.0\"", "\"0.2.0\"", StringComparison.Ordinal), decrypted);
    }

    [Fact]
    public async Task ANewValueForAnIntegerKeyIsWrittenInItsPlace()
    {
        var store = new TomlStore();
        var encrypted = await AgeFileCipher.EncryptAsync(store, Encoding.UTF8.GetBytes(TomlCorpus.Files["cargo"]));

        var edited = await AgeFileCipher.EditAsync(store, encrypted, doc => Replace(doc, "profile", "release", null));
        var decrypted = Encoding.UTF8.GetString(await AgeFileCipher.DecryptAsync(store, edited));

        Assert.Equal(TomlCorpus.Files["cargo"].Replace("opt-level = 3", "opt-level = 2", StringComparison.Ordinal), decrypted);
    }

    [Fact]
    public async Task CommentsAndValuesUseTheirTablesPathAsAad()
    {
        var store = new TomlStore();
        var input = "# root\n[t] # header\nv = 1\nl = [\n  # in l\n  \"x\",\n]\n[[arr]]\n# in arr\nk = \"s\"\n"u8.ToArray();

        var encrypted = await AgeFileCipher.EncryptAsync(store, input);
        var key = (await AgeFileCipher.OpenAsync(store, encrypted)).DataKey;
        var doc = store.Parse(encrypted).Documents[0];

        string Open(Node node, string aad)
        {
            Assert.True(SopsNet.Crypto.EncryptedValue.TryParse(node is Comment c ? c.Text : ((Scalar)node).Text, out var value));
            return Encoding.UTF8.GetString(SopsNet.Crypto.ValueCipher.Decrypt(value, key, aad));
        }

        var t = (Mapping)doc["t"]!;
        var l = (Sequence)t["l"]!;
        var arr = (Mapping)((Sequence)doc["arr"]!).Items[0];
        Assert.Equal(" root", Open(doc.Items[0], ":"));
        Assert.Equal(" header", Open(t.Items[0], "t:"));
        Assert.Equal("1", Open(t["v"]!, "t:v:"));
        Assert.Equal(" in l", Open(l.Items[0], "t:l:"));
        Assert.Equal("x", Open(l.Items[1], "t:l:"));
        Assert.Equal(" in arr", Open(arr.Items[0], "arr:"));
        Assert.Equal("s", Open(arr["k"]!, "arr:k:"));
    }

    [Fact]
    public async Task TheUnencryptedSuffixLeavesValuesInTheClear()
    {
        var store = new TomlStore();
        var input = "[db]\npassword = \"s3cr3t\"\nhost_unencrypted = 'db.local'\n[plain_unencrypted]\nport = 5432\n"u8.ToArray();

        var encrypted = Encoding.UTF8.GetString(await AgeFileCipher.EncryptAsync(store, input));

        Assert.Contains("\nhost_unencrypted = 'db.local'\n[plain_unencrypted]\nport = 5432\n", encrypted, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", encrypted, StringComparison.Ordinal);
        Assert.Equal(input, await AgeFileCipher.DecryptAsync(store, Encoding.UTF8.GetBytes(encrypted)));
    }

    private static Mapping Replace(Mapping doc, string table, string key, Scalar? value)
    {
        var inner = (Mapping)doc[table]!;
        if (value is null)
        {
            // profile.release.opt-level = 2 as a brand-new node, as sops set makes it.
            var release = (Mapping)inner[key]!;
            var newRelease = release with { Items = [.. release.Items.Select(i => i is Pair { Key: "opt-level" } p ? new Pair("opt-level", new Scalar(ScalarKind.Int, "2")) { Source = p.Source } : i)] };
            return doc with { Items = [.. doc.Items.Select(i => i is Pair p && p.Key == table ? p with { Value = inner with { Items = [.. inner.Items.Select(j => j is Pair q && q.Key == key ? q with { Value = newRelease } : j)] } } : i)] };
        }

        var replaced = inner with { Items = [.. inner.Items.Select(i => i is Pair p && p.Key == key ? p with { Value = ((Scalar)p.Value) with { Text = value.Text } } : i)] };
        return doc with { Items = [.. doc.Items.Select(i => i is Pair p && p.Key == table ? p with { Value = replaced } : i)] };
    }

    private static string[] DataLines(byte[] file)
    {
        var text = Encoding.UTF8.GetString(file);
        return text[..text.IndexOf("[sops]", StringComparison.Ordinal)].Split('\n');
    }

    private static IEnumerable<Node> Leaves(Node node) => node switch
    {
        Mapping m => m.Items.SelectMany(Leaves),
        Sequence s => s.Items.SelectMany(Leaves),
        Pair p => Leaves(p.Value),
        _ => [node],
    };

    /// <summary>Table headers and keys in document order, as Tomlyn sees them.</summary>
    private static List<string> Shape(DocumentSyntax doc)
    {
        var shape = new List<string>();
        foreach (var kv in doc.KeyValues)
        {
            shape.Add(kv.Key!.ToString().Trim());
        }

        foreach (var table in doc.Tables)
        {
            shape.Add((table is TableArraySyntax ? "[[" : "[") + table.Name!.ToString().Trim());
            shape.AddRange(table.Items.Select(kv => kv.Key!.ToString().Trim()));
        }

        return shape;
    }
}
