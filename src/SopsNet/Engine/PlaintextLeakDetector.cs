using System.Buffers;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using SopsNet.Metadata;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Engine;

/// <summary>
/// Looks for the plaintext of encrypted values in the text of an encrypted file, outside its
/// <c>ENC[…]</c> envelopes: the last line of defence against a writer that leaves a value (or part of
/// one) in clear beside its envelope.
/// <para>
/// The rule has to be sound, since a false alarm refuses a legitimate write. Short values ("1", "yes",
/// "prod") occur legitimately all over a file: in keys, in clear values, in the base64 of the metadata.
/// So only lines of a value (a multi-line value is split into lines, each trimmed, so a block scalar
/// written in clear is found whatever its indentation and line breaks) of at least
/// <see cref="MinimumLength"/> characters are looked for, and an occurrence counts only when
/// (a) it is not the middle of a longer word (<c>password1</c> inside the key <c>password12</c>), and
/// (b) it cannot be explained by text the file shows in clear anyway: when every word of the line is a
/// word of a key, a clear value or comment, the metadata, or of what the stores write themselves, the
/// occurrence may be made of those (a secret <c>user: admin12</c> beside a clear pair
/// <c>user: admin12</c>) and is not reported. A leak of a value made only of such words goes unnoticed;
/// the read-back comparison of the verifier still catches a value that is not where it belongs.
/// </para>
/// </summary>
internal static partial class PlaintextLeakDetector
{
    public const int MinimumLength = 6;

    /// <summary>Words the stores write on their own: flattened metadata names, YAML tags, literals.</summary>
    private static readonly string[] StoreVocabulary =
        ["sops", "list", "map", "enc", "binary", "str", "int", "float", "bool", "timestamp", "null", "true", "false", "inf", "nan"];

    [GeneratedRegex(@"ENC\[AES256_GCM,data:[^\]]*\]", RegexOptions.CultureInvariant)]
    private static partial Regex Envelope();

    /// <summary>The tree path of an encrypted value whose plaintext occurs in <paramref name="output"/>, or null.</summary>
    public static string? FindLeak(string output, ImmutableArray<Mapping> documents, SopsMetadata metadata)
    {
        var secrets = new Dictionary<string, TreePath>(StringComparer.Ordinal);
        var publicWords = new HashSet<string>(StoreVocabulary, StringComparer.Ordinal);
        var walker = new TreeWalker(metadata.Rule, (leaf, ctx) =>
        {
            var (text, encrypted) = leaf switch
            {
                Comment c => (c.Text, ctx.Encrypt && c.Text.Length > 0),
                Scalar s => (s.Text, ctx.Encrypt && !(s.Kind == ScalarKind.String && s.Text.Length == 0 && s.Raw is null)),
                _ => ("", false),
            };
            if (encrypted)
            {
                AddSecretLines(secrets, text, ctx);
            }
            else
            {
                AddWords(publicWords, text);
                if (leaf is Scalar { Kind: not ScalarKind.String } typed)
                {
                    // A clear number or time may be written in another spelling than its text.
                    AddCanonicalWords(publicWords, typed);
                }
            }

            return leaf;
        });
        foreach (var document in documents)
        {
            walker.Walk(document);
            AddTreeWords(publicWords, document, withValues: false);
        }

        if (secrets.Count == 0)
        {
            return null;
        }

        AddTreeWords(publicWords, MetadataCodec.Write(metadata), withValues: true);
        return Scan(Envelope().Replace(output, "\n"), secrets, publicWords);
    }

    private static string? Scan(string text, Dictionary<string, TreePath> secrets, HashSet<string> publicWords)
    {
        // One pass over the text for all values at once (SearchValues matches many strings in linear
        // time), so a file with 100k values is not scanned 100k times.
        var search = SearchValues.Create(secrets.Keys.ToArray(), StringComparison.Ordinal);
        var lengths = secrets.Keys.Select(k => k.Length).Distinct().ToArray();
        var lookup = secrets.GetAlternateLookup<ReadOnlySpan<char>>();
        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        var span = text.AsSpan();
        for (var offset = 0; offset < span.Length;)
        {
            var found = span[offset..].IndexOfAny(search);
            if (found < 0)
            {
                break;
            }

            var at = offset + found;
            foreach (var length in lengths)
            {
                if (at + length <= span.Length &&
                    lookup.TryGetValue(span.Slice(at, length), out var secret, out var path) &&
                    StandsAlone(span, at, length) &&
                    !(verdicts.TryGetValue(secret, out var explained) ? explained : verdicts[secret] = Explained(secret, publicWords)))
                {
                    return path.ToString();
                }
            }

            offset = at + 1;
        }

        return null;
    }

    /// <summary>False when the occurrence is the middle of a longer word of the text.</summary>
    private static bool StandsAlone(ReadOnlySpan<char> text, int at, int length) =>
        !(at > 0 && char.IsLetterOrDigit(text[at]) && char.IsLetterOrDigit(text[at - 1])) &&
        !(at + length < text.Length && char.IsLetterOrDigit(text[at + length - 1]) && char.IsLetterOrDigit(text[at + length]));

    private static bool Explained(string line, HashSet<string> publicWords) => Words(line).All(publicWords.Contains);

    private static void AddSecretLines(Dictionary<string, TreePath> secrets, string text, LeafContext ctx)
    {
        TreePath? path = null;
        foreach (var raw in text.Split(['\r', '\n']))
        {
            var line = raw.Trim(' ', '\t');
            if (line.Length >= MinimumLength && line.Any(char.IsLetterOrDigit) && !secrets.ContainsKey(line))
            {
                secrets[line] = path ??= ctx.Path;
            }
        }
    }

    private static void AddCanonicalWords(HashSet<string> words, Scalar scalar)
    {
        try
        {
            AddWords(words, Canonical.Text(scalar));
        }
        catch (FormatException)
        {
        }
    }

    /// <summary>The words of every key, and with <paramref name="withValues"/> of every value too (for the metadata, all clear).</summary>
    private static void AddTreeWords(HashSet<string> words, Node node, bool withValues)
    {
        switch (node)
        {
            case Mapping m:
                foreach (var item in m.Items)
                {
                    AddTreeWords(words, item, withValues);
                }

                break;
            case Sequence s:
                foreach (var item in s.Items)
                {
                    AddTreeWords(words, item, withValues);
                }

                break;
            case Pair p:
                AddWords(words, p.Key);
                AddTreeWords(words, p.Value, withValues);
                break;
            case Scalar s when withValues:
                AddWords(words, s.Text);
                break;
        }
    }

    private static void AddWords(HashSet<string> words, string text)
    {
        foreach (var word in Words(text))
        {
            words.Add(word);
        }
    }

    /// <summary>The maximal runs of letters and digits.</summary>
    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
