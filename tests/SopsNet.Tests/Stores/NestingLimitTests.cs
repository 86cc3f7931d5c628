using System.Collections.Immutable;
using System.Text;
using SopsNet.Engine;
using SopsNet.Merge;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Stores.Json;
using SopsNet.Stores.Toml;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Tests.Stores;

/// <summary>
/// Every store refuses nesting past 256 levels (the top-level mapping is level 1) with the position of
/// the collection that goes too deep, and everything after parsing copes with the deepest file allowed on
/// a 1 MB stack: a stack overflow cannot be caught and would kill the process without a word.
/// </summary>
public sealed class NestingLimitTests
{
    private const int Levels = 256;

    public static TheoryData<string, string> DeepestAllowed() => new()
    {
        { "yaml", "a: " + new string('[', Levels - 1) + "\"x\"" + new string(']', Levels - 1) + "\n" },
        { "yaml", "a: " + Repeat("{a: ", Levels - 1) + "\"x\"" + new string('}', Levels - 1) + "\n" },
        { "yaml", string.Concat(Enumerable.Range(0, Levels - 1).Select(i => new string(' ', 2 * i) + "k:\n")) + new string(' ', 2 * (Levels - 1)) + "k: x\n" },
        { "yaml", "a:\n" + Repeat("- ", Levels - 1) + "x\n" },
        { "json", "{\"a\": " + new string('[', Levels - 1) + "\"x\"" + new string(']', Levels - 1) + "}\n" },
        { "json", Repeat("{\"a\": ", Levels) + "\"x\"" + new string('}', Levels) + "\n" },
        { "toml", "a = " + new string('[', Levels - 1) + "\"x\"" + new string(']', Levels - 1) + "\n" },
        { "toml", "a = " + Repeat("{a = ", Levels - 1) + "\"x\"" + new string('}', Levels - 1) + "\n" },
        { "toml", string.Join('.', Enumerable.Repeat("k", Levels)) + " = \"x\"\n" },
        { "toml", "[" + string.Join('.', Enumerable.Repeat("k", Levels - 1)) + "]\nx = \"x\"\n" },
    };

    public static TheoryData<string, string, int, int> OneLevelTooDeep() => new()
    {
        { "yaml", "a: " + new string('[', Levels) + new string(']', Levels) + "\n", 1, 4 + Levels - 1 },
        { "yaml", "a:\n" + Repeat("- ", Levels) + "x\n", 2, 1 + (2 * (Levels - 1)) },
        { "json", "{\"a\": " + new string('[', Levels) + new string(']', Levels) + "}\n", 1, 7 + Levels - 1 },
        { "toml", "a = " + new string('[', Levels) + new string(']', Levels) + "\n", 1, 5 + Levels - 1 },
        { "toml", "a = " + Repeat("{a = ", Levels) + "1" + new string('}', Levels) + "\n", 1, 5 + (5 * (Levels - 1)) },
        { "toml", "x = 1\n" + string.Join('.', Enumerable.Repeat("k", Levels + 1)) + " = 1\n", 2, 1 },
        { "toml", "[t]\nx = 1\n[" + string.Join('.', Enumerable.Repeat("k", Levels)) + "]\n", 3, 1 },
        { "toml", "[t]\na = " + new string('[', Levels - 1) + new string(']', Levels - 1) + "\n", 2, 5 + Levels - 2 },
    };

    [Theory]
    [MemberData(nameof(OneLevelTooDeep))]
    public void One_level_too_deep_is_refused_where_that_level_starts(string format, string text, int line, int column)
    {
        var e = Assert.Throws<StoreException>(() => Store(format).Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Equal($"{format}: nesting is deeper than {Levels} levels", e.Message);
        Assert.Equal((line, column), (e.Line, e.Column));
    }

    [Theory]
    [MemberData(nameof(DeepestAllowed))]
    public void The_deepest_file_allowed_goes_through_every_step_on_a_1_MB_stack(string format, string text)
    {
        Exception? failure = null;
        var thread = new Thread(() => failure = Record(() => EveryStep(Store(format), Encoding.UTF8.GetBytes(text))), 1024 * 1024);
        thread.Start();
        thread.Join();

        Assert.Null(failure);
    }

    [Fact]
    public void A_set_may_nest_the_file_as_deep_as_a_store_reads_and_no_deeper()
    {
        var root = new Mapping([]);
        var value = new JsonStore().Parse("{\"v\": {\"a\": [[[[{\"b\": 1}]]]]}}"u8.ToArray()).Documents[0]["v"]!; // 6 levels
        var fits = new TreePath([.. Enumerable.Repeat<object>("k", Levels - 6)]);
        var tooDeep = new TreePath([.. Enumerable.Repeat<object>("k", Levels - 5)]);

        var set = TreeEditor.Set(root, fits, value);
        var e = Assert.Throws<TreeEditException>(() => TreeEditor.Set(root, tooDeep, value));

        Assert.Single(new JsonStore().Parse(new JsonStore().Write([set], null, null)).Documents);
        Assert.Equal($"the path and the value would nest {Levels + 1} levels deep; a file may nest at most {Levels}", e.Message);
    }

    /// <summary>Parse, encrypt (MAC), write, parse, decrypt, write back, compare, merge, and write fresh in each format.</summary>
    private static void EveryStep(IStore store, byte[] plaintext)
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var engine = new SopsEngine(new SopsNet.Keys.KeyRing([]), System.Security.Cryptography.RandomNumberGenerator.Fill, TimeProvider.System);
        var plain = store.Parse(plaintext);
        var stanza = SopsNet.Keys.MasterKey.Create("age", ("recipient", "age1notused"), ("enc", "not used"));
        var (encrypted, metadata) = engine.Encrypt(plain.Documents, new SopsMetadata { LastModified = "", KeyGroups = [[stanza]] }, key, null);
        var encryptedText = store.Write(encrypted, MetadataCodec.Write(metadata), plain);
        var parsed = store.Parse(encryptedText);
        var decrypted = SopsEngine.Decrypt(parsed.Documents, MetadataCodec.Read(parsed.Metadata!), key, ignoreMac: false);
        Assert.Equal(plaintext, store.Write(decrypted.Documents, null, parsed));
        Assert.True(TreeEquality.Equal(plain.Documents[0], decrypted.Documents[0]));
        Assert.Empty(TreeMerge.Merge(plain.Documents, decrypted.Documents, plain.Documents).Conflicts);
        foreach (var other in new IStore[] { new YamlStore(), new JsonStore(), new TomlStore() })
        {
            var fresh = other.Write(encrypted, MetadataCodec.Write(metadata), null);
            Assert.True(TreeEquality.Equal(plain.Documents[0], SopsEngine.Decrypt(other.Parse(fresh).Documents, metadata, key, ignoreMac: false).Documents[0]));
        }
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static IStore Store(string format) => format switch
    {
        "yaml" => new YamlStore(),
        "json" => new JsonStore(),
        _ => new TomlStore(),
    };

    private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));
}
