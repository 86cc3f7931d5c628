using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// A scanner that reads comment tokens, records where they are and hands the parser only the other
/// tokens. YamlDotNet 18.1's parser fails on valid input such as <c>a: [1, 2] # c</c> when it is fed
/// comment tokens, while its scanner handles them; taking them out here reads structure and comments
/// in one pass over the text instead of a parser pass plus a second scanner pass (a third of the
/// parse time on a large file). The comments are consumed exactly as the parser itself consumes them.
/// It also records the explicit key indicators (<c>? key</c>, then <c>: value</c>), which the parser's
/// events do not show: a key event starts at the key, but the entry starts at its <c>?</c>.
/// </summary>
internal sealed class YamlCommentRecordingScanner(string text) : IScanner
{
    private readonly Scanner scanner = new(new StringReader(text), skipComments: false);

    /// <summary>Each comment from its <c>#</c> to the end of its line, in text order.</summary>
    public List<(int Start, int End)> Comments { get; } = [];

    /// <summary>
    /// Where each explicit key's <c>?</c> is, by where the key's event starts: at the key's first token, or
    /// just after the <c>?</c> for an empty key.
    /// </summary>
    public Dictionary<int, int> ExplicitKeys { get; } = [];

    /// <summary>Where the <c>:</c> of each explicit key that has one is, by where its <c>?</c> is.</summary>
    public Dictionary<int, int> ExplicitValues { get; } = [];

    /// <summary>Where the <c>:</c> of each entry without a key (<c>: value</c>) is, in text order.</summary>
    public Queue<int> KeylessValues { get; } = [];

    /// <summary>The token before the current one.</summary>
    private Token? previous;

    /// <summary>Where the text after the last token with a width (comments included) starts.</summary>
    private int gapStart;

    /// <summary>The <c>?</c> of the explicit key whose tokens are being read, and what of the key was read.</summary>
    private (int Indicator, bool SeenToken, bool SeenScalar)? explicitKey;

    public Mark CurrentPosition => scanner.CurrentPosition;

    public Token? Current => scanner.Current;

    public bool MoveNext()
    {
        if (scanner.Current is not null)
        {
            scanner.ConsumeCurrent();
        }

        return MoveNextWithoutConsuming();
    }

    public bool MoveNextWithoutConsuming()
    {
        while (scanner.MoveNextWithoutConsuming())
        {
            RefuseSkippedDirective(scanner.Current!);
            if (scanner.Current is not Comment comment)
            {
                NoteExplicitKey(scanner.Current!);
                return true;
            }

            var start = (int)comment.Start.Index;
            Comments.Add((start, YamlText.LineEnd(text, start)));
            scanner.ConsumeCurrent();
        }

        return false;
    }

    public void ConsumeCurrent() => scanner.ConsumeCurrent();

    /// <summary>
    /// YamlDotNet's scanner skips a line that starts with <c>%</c> and names an unknown directive, without a
    /// token, anywhere in the file; libyaml, and so go-yaml and sops, refuse it. Kept, that line stayed in
    /// the text between tokens, and once the sops block moved after it the file no longer parsed (found by
    /// fuzzing). A <c>%</c> line inside a token (a multi-line quoted or block scalar, a known directive) is
    /// left alone: only the gaps between tokens are searched, each once.
    /// </summary>
    private void RefuseSkippedDirective(Token token)
    {
        var start = (int)token.Start.Index;
        var end = (int)token.End.Index;
        if (end == start && token is not StreamEnd)
        {
            return;
        }

        var gapEnd = token is StreamEnd ? text.Length : start;
        for (var at = gapStart; at < gapEnd; at++)
        {
            at = at == 0 || text[at - 1] == '\n' ? at : text.IndexOf('\n', at, gapEnd - at) is var n and >= 0 ? n + 1 : gapEnd;
            // %YAML and %TAG are tokens of their own (whose spans need not start at the %).
            if (at < gapEnd && text[at] == '%' && !IsKnownDirective(at))
            {
                var line = 1 + text.AsSpan(0, at).Count('\n');
                throw new StoreException("a line starting with % that is not a %YAML or %TAG directive: sops's yaml parser refuses it too", line, 1);
            }
        }

        gapStart = Math.Max(gapStart, end);
    }

    private bool IsKnownDirective(int at) =>
        text.AsSpan(at).StartsWith("%YAML", StringComparison.Ordinal) || text.AsSpan(at).StartsWith("%TAG", StringComparison.Ordinal);

    /// <summary>
    /// Follows an explicit key through its tokens: <c>?</c>, the key's anchor and tag, the key's scalar,
    /// then a <c>:</c> if the entry has a value (a key that is a collection is refused by the builder).
    /// </summary>
    private void NoteExplicitKey(Token token)
    {
        if (explicitKey is { } k)
        {
            switch (token)
            {
                case Anchor or Tag or Scalar when !k.SeenScalar:
                    if (!k.SeenToken)
                    {
                        ExplicitKeys[(int)token.Start.Index] = k.Indicator;
                    }

                    explicitKey = (k.Indicator, true, token is Scalar);
                    break;
                case Value:
                    ExplicitValues[k.Indicator] = (int)token.Start.Index;
                    explicitKey = null;
                    break;
                default:
                    explicitKey = null;
                    break;
            }
        }

        // A key without content: the scanner inserts an empty key just before its ":".
        if (token is Value && previous is Key { Start.Index: var keyAt, End.Index: var keyEnd } && keyAt == keyEnd && text[(int)token.Start.Index] == ':')
        {
            KeylessValues.Enqueue((int)token.Start.Index);
        }

        previous = token;
        if (token is Key key && key.End.Index > key.Start.Index && text[(int)key.Start.Index] == '?')
        {
            explicitKey = ((int)key.Start.Index, false, false);
            ExplicitKeys[(int)key.End.Index] = (int)key.Start.Index;
        }
    }
}
