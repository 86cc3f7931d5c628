using System.Collections.Immutable;
using System.Text;

namespace SopsNet.Cli.Git;

/// <summary>
/// Translates a creation rule's <c>path_regex</c> (matched by sops against the path relative to
/// .sops.yaml) into .gitattributes patterns (relative to the .gitattributes beside it). Only the regexes
/// people write for paths are handled: literals, <c>^</c>/<c>$</c>, <c>.*</c>, <c>.+</c>, <c>[^/]*</c>,
/// <c>x?</c> and alternations like <c>\.(yaml|json)$</c>; anything else is refused with a reason rather
/// than guessed. A translation that may match fewer files than the regex is flagged as approximate.
/// </summary>
internal static class GitPattern
{
    public sealed record Translation(ImmutableArray<string> Patterns, bool Exact, string? Problem);

    private const int MaxAlternatives = 16;

    private enum Kind
    {
        Literal,
        Any,
        AnyPlus,
        Segment,
        SegmentPlus,
        One,
    }

    private readonly record struct Token(Kind Kind, char Char = '\0');

    public static Translation Translate(string regex)
    {
        var alternatives = Expand(regex);
        if (alternatives is null)
        {
            return new Translation([], false, "uses regex syntax that has no .gitattributes equivalent");
        }

        var patterns = new List<string>();
        var exact = true;
        foreach (var alternative in alternatives)
        {
            var tokens = Tokenize(alternative);
            if (tokens is null)
            {
                return new Translation([], false, "uses regex syntax that has no .gitattributes equivalent");
            }

            var (rendered, renderedExact) = Render(tokens);
            patterns.AddRange(rendered);
            exact &= renderedExact;
        }

        return new Translation([.. patterns.Distinct()], exact, null);
    }

    /// <summary>A suggestion for a regex that cannot be translated: its file-name ending, when it has one.</summary>
    public static string Suggest(string regex)
    {
        var end = regex.TrimEnd('$');
        var dot = end.LastIndexOf(@"\.", StringComparison.Ordinal);
        var extension = dot >= 0 ? end[(dot + 2)..] : "";
        return extension.Length > 0 && extension.All(char.IsAsciiLetterOrDigit) ? $"*.{extension}" : "secrets/**";
    }

    /// <summary>Expands groups, alternations and optional characters into plain alternatives; null when unsupported.</summary>
    private static List<string>? Expand(string regex)
    {
        var work = new List<string> { regex };
        var done = new List<string>();
        while (work.Count > 0)
        {
            if (work.Count + done.Count > MaxAlternatives)
            {
                return null;
            }

            // First in, first out, so the patterns come in the regex's order.
            var current = work[0];
            work.RemoveAt(0);
            var close = FindUnescaped(current, ')', 0);
            if (close >= 0)
            {
                var open = current.LastIndexOf('(', close);
                if (open < 0 || (open > 0 && current[open - 1] == '\\'))
                {
                    return null;
                }

                var inner = current[(open + 1)..close];
                if (inner.StartsWith("?:", StringComparison.Ordinal))
                {
                    inner = inner[2..];
                }
                else if (inner.StartsWith('?'))
                {
                    return null;
                }

                var after = close + 1;
                var options = SplitUnescaped(inner, '|');
                if (after < current.Length && current[after] == '?')
                {
                    options.Add("");
                    after++;
                }
                else if (after < current.Length && current[after] is '*' or '+' or '{')
                {
                    return null;
                }

                work.AddRange(options.Select(x => current[..open] + x + current[after..]));
                continue;
            }

            var options2 = SplitUnescaped(current, '|');
            if (options2.Count > 1)
            {
                work.AddRange(options2);
                continue;
            }

            // An optional single character: "ya?ml".
            var question = FindUnescaped(current, '?', 0);
            if (question > 0 && current[question - 1] is not ('*' or '+' or '.' or ']'))
            {
                var start = question >= 2 && current[question - 2] == '\\' ? question - 2 : question - 1;
                work.Add(current[..question] + current[(question + 1)..]);
                work.Add(current[..start] + current[(question + 1)..]);
                continue;
            }

            done.Add(current);
        }

        return done;
    }

    private static List<Token>? Tokenize(string regex)
    {
        var anchoredStart = regex.StartsWith('^');
        var body = anchoredStart ? regex[1..] : regex;
        var anchoredEnd = body.EndsWith('$') && !body.EndsWith(@"\$", StringComparison.Ordinal);
        body = anchoredEnd ? body[..^1] : body;

        var tokens = new List<Token>();
        if (!anchoredStart)
        {
            tokens.Add(new Token(Kind.Any));
        }

        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            var rest = body[i..];
            if (rest.StartsWith(".*", StringComparison.Ordinal) || rest.StartsWith(".+", StringComparison.Ordinal))
            {
                tokens.Add(new Token(c == '.' && rest[1] == '*' ? Kind.Any : Kind.AnyPlus));
                i += rest.Length > 2 && rest[2] == '?' ? 2 : 1;
            }
            else if (rest.StartsWith("[^/]*", StringComparison.Ordinal) || rest.StartsWith("[^/]+", StringComparison.Ordinal))
            {
                tokens.Add(new Token(rest[4] == '*' ? Kind.Segment : Kind.SegmentPlus));
                i += 4;
            }
            else if (c == '.')
            {
                tokens.Add(new Token(Kind.One));
            }
            else if (c == '\\' && i + 1 < body.Length && !char.IsAsciiLetterOrDigit(body[i + 1]) && body[i + 1] is not ('*' or '?' or '['))
            {
                tokens.Add(new Token(Kind.Literal, body[++i]));
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '~' or '@' or ',' or '=' or '%' or ' ' or ':')
            {
                tokens.Add(new Token(Kind.Literal, c));
            }
            else
            {
                return null;
            }
        }

        if (!anchoredEnd)
        {
            tokens.Add(new Token(Kind.Any));
        }

        // ".*.*" is ".*"; a leading ".*" after "^" is the same as no anchor.
        for (var i = tokens.Count - 1; i > 0; i--)
        {
            if (tokens[i].Kind == Kind.Any && tokens[i - 1].Kind == Kind.Any)
            {
                tokens.RemoveAt(i);
            }
        }

        return tokens;
    }

    private static (List<string> Patterns, bool Exact) Render(List<Token> tokens)
    {
        var exact = true;
        var sb = new StringBuilder();
        var start = 0;
        if (tokens.Count > 0 && tokens[0].Kind == Kind.Any)
        {
            // The regex may match anywhere in the path: a slash-free rest is a file-name pattern (git
            // matches those at any depth); otherwise any leading directories are allowed.
            start = 1;
            var restHasSlash = tokens.Skip(1).Any(t => t.Kind == Kind.Literal && t.Char == '/');
            sb.Append(restHasSlash ? "**/*" : "*");
        }
        else
        {
            sb.Append('/');
        }

        var extra = new List<string>();
        for (var i = start; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var afterSlash = sb.Length == 0 || sb[^1] == '/';
            var isLast = i == tokens.Count - 1;
            var restPlain = tokens.Skip(i + 1).All(x => x.Kind is Kind.Literal or Kind.Segment or Kind.SegmentPlus && !(x.Kind == Kind.Literal && x.Char == '/'));
            switch (t.Kind)
            {
                case Kind.Literal:
                    sb.Append(t.Char);
                    break;
                case Kind.Segment:
                    sb.Append('*');
                    break;
                case Kind.SegmentPlus:
                    sb.Append("?*");
                    break;
                case Kind.One:
                    sb.Append('?');
                    exact = false;
                    break;
                case Kind.Any when afterSlash && isLast:
                    sb.Append("**");
                    break;
                case Kind.Any when afterSlash && restPlain:
                    sb.Append("**/*");
                    break;
                case Kind.Any when isLast:
                    // "secrets.*" matches files named secrets* and everything below directories so named.
                    sb.Append('*');
                    var prefix = sb.ToString();
                    extra.Add((prefix.Contains('/') ? prefix : "**/" + prefix) + "/**");
                    break;
                case Kind.AnyPlus when afterSlash && isLast:
                    sb.Append("**");
                    break;
                default:
                    sb.Append(t.Kind == Kind.AnyPlus ? "?*" : "*");
                    exact = false;
                    break;
            }
        }

        return ([sb.ToString(), .. extra], exact);
    }

    private static int FindUnescaped(string s, char c, int from)
    {
        for (var i = from; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                i++;
            }
            else if (s[i] == '[')
            {
                i = s.IndexOf(']', i + 1) is var end && end > 0 ? end : s.Length;
            }
            else if (s[i] == c)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string> SplitUnescaped(string s, char separator)
    {
        var parts = new List<string>();
        var from = 0;
        for (var at = FindUnescaped(s, separator, 0); at >= 0; at = FindUnescaped(s, separator, from))
        {
            parts.Add(s[from..at]);
            from = at + 1;
        }

        parts.Add(s[from..]);
        return parts;
    }
}
