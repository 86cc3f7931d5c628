using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using SopsNet.Metadata;
using SopsNet.Selection;
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
/// (a) it is not the middle of a longer word (<c>password1</c> inside the key <c>password12</c>),
/// (b) it cannot be explained by text the file shows in clear anyway: when every word of the line is a
/// word of a key, a clear value or comment, the metadata, or of what the stores write themselves, the
/// occurrence may be made of those (a secret <c>user: admin12</c> beside a clear pair
/// <c>user: admin12</c>) and is not reported, and
/// (c) the output shows the line, outside its envelopes, more often than the same file written with every
/// value in clear does outside the encrypted values themselves. That file keeps whatever text the store
/// writes in clear in its own spelling, which the words of the tree do not show: an escape in a clear
/// TOML string (<c>"geheimnis\u00E9"</c>), text an INI parser ignores after a quoted value. A leak adds an
/// occurrence to that count and is found; a leak of a value made only of clear words goes unnoticed, and
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
    internal static partial Regex Envelope();

    /// <summary>
    /// The tree path of an encrypted value whose plaintext occurs in <paramref name="output"/>, or null.
    /// <paramref name="clearRendering"/> gives the same file written with every value in clear (metadata
    /// included), as the store writes it; it is asked for only when a value's text occurs at all.
    /// </summary>
    public static string? FindLeak(byte[] output, Func<string?> clearRendering, ImmutableArray<Mapping> documents, SopsMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(clearRendering);
        var (secrets, secretTexts) = SecretLines(documents, metadata.Rule);
        if (secrets.Count == 0)
        {
            return null;
        }

        // The clear words and the clear rendering are made only when a value's text occurs at all, which
        // in a correct file is rare: most files pay for one walk and one pass over their text.
        HashSet<string>? publicWords = null;
        string? clear = null;
        var visible = Visible(output);
        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var line in Occurrences(visible, secrets.Keys))
        {
            if (!verdicts.TryGetValue(line, out var explained))
            {
                publicWords ??= PublicWords(documents, metadata);
                clear ??= Envelope().Replace(clearRendering() ?? "", "\n");
                explained = verdicts[line] = Words(line).All(publicWords.Contains) ||
                    Count(visible, line) <= Count(clear, line) - secretTexts.Sum(t => Count(t, line));
            }

            if (!explained)
            {
                return PathOf(documents, metadata.Rule, secrets[line]);
            }
        }

        return null;
    }

    /// <summary>
    /// The UTF-8 <paramref name="output"/> as text with every envelope replaced by a line break, exactly as
    /// <see cref="Envelope"/> replaces them in the decoded text. Speed and memory: an encrypted file is mostly
    /// envelopes, so only the text between them is decoded; the whole file as a string (twice its size) and
    /// a regular expression over it cost as much as the rest of the check. The envelopes are ASCII, so the
    /// text between them decodes as it does within the whole.
    /// </summary>
    internal static string Visible(ReadOnlySpan<byte> output)
    {
        var visible = new StringBuilder();
        while (true)
        {
            var start = output.IndexOf("ENC[AES256_GCM,data:"u8);
            var close = start < 0 ? -1 : output[start..].IndexOf((byte)']');
            if (close < 0)
            {
                // With no closing bracket after an envelope's start, no later one closes either.
                return visible.Append(Encoding.UTF8.GetString(output)).ToString();
            }

            visible.Append(Encoding.UTF8.GetString(output[..start])).Append('\n');
            output = output[(start + close + 1)..];
        }
    }

    /// <summary>
    /// The lines (trimmed, long enough, with a letter or digit) of every value and comment the rule encrypts,
    /// with the leaf each came from; and the texts of those values.
    /// </summary>
    private static (Dictionary<string, Node> Lines, List<string> Texts) SecretLines(ImmutableArray<Mapping> documents, SelectionRule rule)
    {
        var secrets = new Dictionary<string, Node>(StringComparer.Ordinal);
        var texts = new List<string>();
        var walker = new TreeWalker(rule, (leaf, ctx) =>
        {
            if (ctx.Encrypt && Text(leaf) is { Length: >= MinimumLength } text)
            {
                texts.Add(text);
                foreach (var raw in text.AsSpan().EnumerateLines())
                {
                    var line = raw.Trim(" \t");
                    if (line.Length >= MinimumLength && HasLetterOrDigit(line))
                    {
                        secrets.TryAdd(line.ToString(), leaf);
                    }
                }
            }

            return leaf;
        });
        foreach (var document in documents)
        {
            walker.Walk(document);
        }

        return (secrets, texts);
    }

    /// <summary>Every word the file shows in clear: keys, clear values (and their canonical spellings), clear comments, the metadata, the stores' own words.</summary>
    private static HashSet<string> PublicWords(ImmutableArray<Mapping> documents, SopsMetadata metadata)
    {
        var words = new HashSet<string>(StoreVocabulary, StringComparer.Ordinal);
        var walker = new TreeWalker(metadata.Rule, (leaf, ctx) =>
        {
            if (!ctx.Encrypt || Text(leaf) is not { Length: > 0 })
            {
                AddWords(words, Text(leaf) ?? "");
                if (leaf is Scalar { Kind: not ScalarKind.String } typed)
                {
                    // A clear number or time may be written in another spelling than its text.
                    AddCanonicalWords(words, typed);
                }
            }

            return leaf;
        });
        foreach (var document in documents)
        {
            walker.Walk(document);
            AddTreeWords(words, document, withValues: false);
        }

        AddTreeWords(words, MetadataCodec.Write(metadata), withValues: true);
        return words;
    }

    private static bool HasLetterOrDigit(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text of a leaf the encryptor would encrypt (an empty string it leaves as it is), or null.</summary>
    private static string? Text(Node leaf) => leaf switch
    {
        Comment c => c.Text,
        Scalar { Kind: ScalarKind.String, Text.Length: 0, Raw: null } => null,
        Scalar s => s.Text,
        _ => null,
    };

    private static string PathOf(ImmutableArray<Mapping> documents, SelectionRule rule, Node target)
    {
        TreePath? found = null;
        var walker = new TreeWalker(rule, (leaf, ctx) =>
        {
            if (found is null && ReferenceEquals(leaf, target))
            {
                found = ctx.Path;
            }

            return leaf;
        });
        foreach (var document in documents)
        {
            walker.Walk(document);
        }

        return (found ?? TreePath.Root).ToString();
    }

    /// <summary>The values' lines that occur in <paramref name="text"/>, each time one does and stands alone.</summary>
    internal static IEnumerable<string> Occurrences(string text, IEnumerable<string> lines)
    {
        // One pass over the text for all values at once: every line is at least MinimumLength long, so
        // the MinimumLength characters at each position pick the few lengths of line that can start there,
        // and one look-up per length says whether a line does. A file with 100k values is not scanned 100k
        // times, nor are the thousands of values that share a prefix (URLs, say) each compared where it occurs.
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        var lengthsByPrefix = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            order.TryAdd(line, order.Count);
            var prefix = line[..MinimumLength];
            if (!lengthsByPrefix.TryGetValue(prefix, out var lengths))
            {
                lengthsByPrefix[prefix] = lengths = [];
            }

            if (!lengths.Contains(line.Length))
            {
                lengths.Add(line.Length);
            }
        }

        var prefixes = lengthsByPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        var known = order.GetAlternateLookup<ReadOnlySpan<char>>();
        var found = new List<(int Order, string Line)>();
        for (var at = 0; at + MinimumLength <= text.Length; at++)
        {
            if (!prefixes.TryGetValue(text.AsSpan(at, MinimumLength), out var lengths))
            {
                continue;
            }

            found.Clear();
            foreach (var length in lengths)
            {
                if (at + length <= text.Length && known.TryGetValue(text.AsSpan(at, length), out var line, out var index) && StandsAlone(text, at, length))
                {
                    found.Add((index, line));
                }
            }

            // In the lines' own order, as when each was compared in turn: the first unexplained one is reported.
            found.Sort((x, y) => x.Order.CompareTo(y.Order));
            foreach (var (_, line) in found)
            {
                yield return line;
            }
        }
    }

    /// <summary>How often <paramref name="line"/> occurs in <paramref name="text"/> and stands alone.</summary>
    private static int Count(string text, string line)
    {
        var n = 0;
        for (var at = text.IndexOf(line, StringComparison.Ordinal); at >= 0; at = text.IndexOf(line, at + 1, StringComparison.Ordinal))
        {
            if (StandsAlone(text, at, line.Length))
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>False when the occurrence is the middle of a longer word of the text.</summary>
    private static bool StandsAlone(string text, int at, int length) =>
        !(at > 0 && char.IsLetterOrDigit(text[at]) && char.IsLetterOrDigit(text[at - 1])) &&
        !(at + length < text.Length && char.IsLetterOrDigit(text[at + length - 1]) && char.IsLetterOrDigit(text[at + length]));

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
