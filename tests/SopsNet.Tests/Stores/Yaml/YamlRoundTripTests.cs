using System.Text;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Yaml;

/// <summary>
/// Encrypting then decrypting (with a stand-in cipher) must give the original file back byte for
/// byte, and the encrypted file must read back with the same structure and comment placement (the
/// placement decides each comment's AAD).
/// </summary>
public sealed class YamlRoundTripTests
{
    public static TheoryData<string, string> Files => new()
    {
        {
            "comments everywhere", """
            # head comment
            a: 1 # inline int
            b: text   # inline with spaces
            # between

            c:
                # nested head
                d: "double"
                e: 'single'
                # nested foot
            # top foot before list
            list:
                - x
                # in list
                - y # inline in list
                - key: v
                  other: w
                -   deep: 1
                    # deep comment
            empty: ""
            nul: ~
            nul2:
            #
            # end of document

            """
        },
        {
            "block scalars", """
            lit: |
                line1

                line3
            lit_strip: |-
                a
                b
            lit_keep: |+
                keep

            folded: >
                one line
            folded_strip: >-
                x
            indicator: |2
                 indented first
                second
            header_comment: | # about the block
                body
            nested:
                inner: |
                    deep
                after: 1
            list:
                - |
                  in a list
                - last

            """
        },
        {
            "quoting styles and types", """
            s1: 'it''s'
            s2: "tab\there"
            s3: "quote \" and backslash \\"
            s4: plain with spaces
            s5: 'true'
            s6: "123"
            s7: ''
            s8: yes
            i: 42
            neg: -7
            plus: +5
            f: 1.50
            e: 1e3
            b: TRUE
            t: 2024-01-01T10:00:00Z
            inf: .inf
            nan: .nan
            r: !Ref foo
            s: !!str 123

            """
        },
        {
            "flow collections", """
            flow_map: {a: 1, b: "two", c: 'three', d: true}
            flow_seq: ["x", 'y', 3, 1.5]
            nested: {inner: ["a", {deep: "b"}]}
            empty_map: {}
            empty_seq: []
            commented: [1, "two"] # after a flow sequence
            multi_line: [
                "a", # first
                'b'
            ]

            """
        },
        {
            "multi-document", """
            a: 1
            ---
            # doc2 comment
            b: two
            ...
            ---
            c: [1, 2]

            """
        },
        {
            "unicode", """
            ключ: значение 🎉
            emoji: "😀 é"
            # комментарий
            日本: '語'

            """
        },
        {
            "anchors without aliases", """
            base: &anchor value
            other: &m {a: "1"}
            list: &l
                - one

            """
        },
        {
            "two-space style", """
            a:
              b:
              - x
              - y
              c: d
            z:
            - - nested
              - seq
            - k: v

            """
        },
        { "comment only", "# just a comment\n" },
        { "empty", "" },
        { "explicit start", "---\na: b\n" },
        { "crlf", "a: 1\r\nb: |\r\n    x\r\n    y\r\n# c\r\nd: [\"e\"]\r\n" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void EncryptThenDecryptGivesTheFileBack(string name, string yaml)
    {
        var store = new YamlStore();
        var original = Encoding.UTF8.GetBytes(yaml);
        var plain = store.Parse(original);

        var encrypted = store.Write(FakeCipher.Encrypt(plain.Documents), FakeCipher.Metadata, plain);
        var reread = store.Parse(encrypted);
        var decrypted = store.Write(FakeCipher.Decrypt(reread.Documents), null, reread);

        Assert.True(Encoding.UTF8.GetString(decrypted) == yaml,
            $"{name}: round trip differs.\n--- encrypted:\n{Encoding.UTF8.GetString(encrypted)}\n--- decrypted:\n{Encoding.UTF8.GetString(decrypted)}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EncryptedFileHasTheSameStructureAndCommentPlacement(string name, string yaml)
    {
        var store = new YamlStore();
        var plain = store.Parse(Encoding.UTF8.GetBytes(yaml));
        var encrypted = store.Write(FakeCipher.Encrypt(plain.Documents), FakeCipher.Metadata, plain);
        var reread = store.Parse(encrypted);

        Assert.Equal(plain.Documents.Length, reread.Documents.Length);
        for (var i = 0; i < plain.Documents.Length; i++)
        {
            Assert.Equal(TreeShape.Of(plain.Documents[i], withValues: false), TreeShape.Of(reread.Documents[i], withValues: false));
            Assert.Equal(TreeShape.Of(plain.Documents[i]), TreeShape.Of(FakeCipher.Decrypt([reread.Documents[i]])[0]));
        }

        // Every value sops would encrypt is an ENC string for a go-yaml reader (never retyped).
        foreach (var doc in reread.Documents)
        {
            FakeCipher.Map(doc, n =>
            {
                if (n is Scalar { Kind: not ScalarKind.Null } s && s.Text.Length > 0)
                {
                    Assert.Equal(ScalarKind.String, s.Kind);
                    Assert.StartsWith("ENC[AES256_GCM,data:", s.Text, StringComparison.Ordinal);
                }

                return n;
            });
        }

        Assert.Equal(TreeShape.Of(FakeCipher.Metadata), TreeShape.Of(reread.Metadata!));
        _ = name;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EncryptedFileIsValidYamlForYamlDotNet(string name, string yaml)
    {
        var store = new YamlStore();
        var plain = store.Parse(Encoding.UTF8.GetBytes(yaml));
        var encrypted = Encoding.UTF8.GetString(store.Write(FakeCipher.Encrypt(plain.Documents), FakeCipher.Metadata, plain));

        var parser = new YamlDotNet.Core.Parser(new StringReader(encrypted));
        var documents = 0;
        while (parser.MoveNext())
        {
            documents += parser.Current is YamlDotNet.Core.Events.DocumentStart ? 1 : 0;
        }

        Assert.Equal(Math.Max(1, plain.Documents.Length), documents);
        _ = name;
    }

    [Fact]
    public void UnchangedTreeIsWrittenBackByteForByte()
    {
        var store = new YamlStore();
        foreach (var yaml in Files.Select(row => (string)row[1]))
        {
            var parsed = store.Parse(Encoding.UTF8.GetBytes(yaml));
            Assert.Equal(yaml, Encoding.UTF8.GetString(store.Write(parsed.Documents, null, parsed)));
        }
    }

    [Fact]
    public void ByteOrderMarkIsKept()
    {
        var store = new YamlStore();
        byte[] content = [0xEF, 0xBB, 0xBF, .. "a: b\n"u8.ToArray()];
        var parsed = store.Parse(content);
        Assert.Equal("b", ((Scalar)parsed.Documents[0]["a"]!).Text);
        var encrypted = store.Write(FakeCipher.Encrypt(parsed.Documents), null, parsed);
        Assert.Equal([0xEF, 0xBB, 0xBF], encrypted[..3]);
        var reread = store.Parse(encrypted);
        Assert.Equal(content, store.Write(FakeCipher.Decrypt(reread.Documents), null, reread));
    }
}
