using System.Collections;
using System.Reflection;
using System.Text;
using CsCheck;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;
using SopsNet.Tests.Properties;
using SopsNet.Tests.Support;
using Xunit;

namespace SopsNet.Tests.Stores.Yaml;

/// <summary>
/// The fast reader of common YAML (<see cref="YamlFastBuilder"/>) must give exactly what the YamlDotNet
/// path gives: the same tree, sources (spans, lines, columns), comment placement, metadata and warnings,
/// so every write, comment AAD and error is the same whichever path read the file. It must also decline
/// whatever it cannot read exactly, leaving it (and every error) to YamlDotNet.
/// </summary>
public sealed class YamlFastPathTests
{
    private static readonly YamlStore Fast = new();
    private static readonly YamlStore Slow = new() { FastPath = false };

    public static TheoryData<string> Shapes() =>
    [
        "a: 1\nb: two words  # note\nc: \"quoted\"\nd: 'it''s'\n",
        "# head\ntop:\n  # inside\n  nested:\n    deep: -5\n  list:\n  - x\n  - 'y'\n  other:\n      - 1\n      - [a, \"b c\", 'd']\n# tail\n",
        "seq:\n- name: a\n  value: 1\n- name: b\n  value: [x, y]\nafter: true\n",
        "url: https://example.com/a#b\nempty_flow: []\ncolon: a:b\nhash: a#b\nsp: x y  \n",
        "key: # comment on the key\n  sub: 1\n",
        "block: |\n  line 1\n\n  line 3\nstrip: |-\n    x\nkeep: |+\n  y\n\nlast: 1\n",
        "sops:\n    age:\n        - recipient: age1x\n          enc: |\n            -----BEGIN AGE ENCRYPTED FILE-----\n            YWJj\n            -----END AGE ENCRYPTED FILE-----\n    lastmodified: \"2024-01-01T00:00:00Z\"\n    version: 3.9.0\n",
        "x: ENC[AES256_GCM,data:YQ==,iv:aXY=,tag:dGFn,type:str]\nl: [\"ENC[AES256_GCM,data:Yg==,iv:aXY=,tag:dGFn,type:str]\"]\n",
        "\u5217: \u5024\nn: null\nt: ~\nd: 2001-12-14\nf: .inf\ni: 0x1F\nb: yes\n",
        "no_final_newline: 1",
    ];

    /// <summary>Inputs the fast reader must leave to YamlDotNet (errors, or syntax outside its subset).</summary>
    public static TheoryData<string> Declined() =>
    [
        "a: 1\na: 2\n", "a: 1\n b: 2\n", "a: b: c\n", "a:\n", "a: [1,\n 2]\n", "a: \"x\\ty\"\n", "a: >\n  x\n",
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "---\na: 1\n", "a: 1\r\n", "a:\t1\n", "\"q\": 1\n", "a: {b: 1}\n",
        "  a: 1\n", "a: |2\n   x\n", "a: [1, 2,]\n", "a: x\n  y\n", "- 1\n", "a: 1\n...\n", "a: 'x\n  y'\n", "a: b #c\n d\n",
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void CommonShapesAreReadWithoutYamlDotNetAndExactlyAsItReadsThem(string yaml)
    {
        Assert.NotNull(YamlFastBuilder.TryBuild(yaml, new YamlFileSource(yaml, false, "\n"), 4, []));
        AssertSameAsYamlDotNet(Encoding.UTF8.GetBytes(yaml));
    }

    [Theory]
    [MemberData(nameof(Declined))]
    public void AnythingElseIsLeftToYamlDotNet(string yaml)
    {
        Assert.Null(YamlFastBuilder.TryBuild(yaml, new YamlFileSource(yaml, false, "\n"), 4, []));
        AssertSameAsYamlDotNet(Encoding.UTF8.GetBytes(yaml));
    }

    [Fact]
    public void EveryYamlFileInTheRepositoryReadsTheSameOnBothPaths()
    {
        var files = TestPaths.RepositoryFiles(".yaml", ".yml");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            AssertSameAsYamlDotNet(File.ReadAllBytes(file), file);
        }
    }

    [Fact]
    public void GeneratedYamlReadsTheSameOnBothPaths() =>
        SourceText.Finish(YamlSourceGen.Stream).Sample(yaml => AssertSameAsYamlDotNet(Encoding.UTF8.GetBytes(yaml)), iter: 300);

    private static void AssertSameAsYamlDotNet(byte[] content, string? name = null)
    {
        var slow = Outcome(Slow, content);
        var fast = Outcome(Fast, content);
        if (slow != fast)
        {
            var at = slow.Zip(fast).TakeWhile(p => p.First == p.Second).Count();
            var from = Math.Max(0, at - 300);
            Assert.Fail($"{name ?? Encoding.UTF8.GetString(content)}\nfirst difference at {at}:\nyamldotnet: …{slow[from..Math.Min(slow.Length, at + 200)]}\nfast: …{fast[from..Math.Min(fast.Length, at + 200)]}");
        }
    }

    private static string Outcome(YamlStore store, byte[] content)
    {
        try
        {
            var doc = store.Parse(content);
            return Dump(doc.Documents) + "\nmeta " + Dump(doc.Metadata) + "\nwarnings " + Dump(doc.Warnings) + "\nspans " + Dump(((YamlFileSource)doc.Source!).Documents);
        }
        catch (StoreException e)
        {
            return "error " + e.Message;
        }
    }

    /// <summary>Every public property, recursively (records print collections as type names only).</summary>
    private static string Dump(object? o)
    {
        var sb = new StringBuilder();
        Write(o, sb, 0);
        return sb.ToString();

        static void Write(object? o, StringBuilder sb, int depth)
        {
            Assert.True(depth < 200, "dump too deep");
            switch (o)
            {
                case null:
                    sb.Append("null");
                    return;
                case string s:
                    sb.Append('"').Append(s).Append('"');
                    return;
                case YamlFileSource:
                    sb.Append("file");
                    return;
                case IEnumerable items:
                    sb.Append('[');
                    foreach (var item in items)
                    {
                        Write(item, sb, depth + 1);
                        sb.Append(", ");
                    }

                    sb.Append(']');
                    return;
                case ValueType:
                    sb.Append(o);
                    return;
            }

            sb.Append(o.GetType().Name).Append('{');
            foreach (var p in o.GetType().GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                         .Where(p => p.Name != "EqualityContract" && p.GetIndexParameters().Length == 0).OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                sb.Append(p.Name).Append('=');
                Write(p.GetValue(o), sb, depth + 1);
                sb.Append(' ');
            }

            sb.Append('}');
        }
    }
}
