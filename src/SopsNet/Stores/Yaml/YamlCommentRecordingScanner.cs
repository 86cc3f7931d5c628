using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// A scanner that reads comment tokens, records where they are and hands the parser only the other
/// tokens. YamlDotNet 18.1's parser fails on valid input such as <c>a: [1, 2] # c</c> when it is fed
/// comment tokens, while its scanner handles them; taking them out here reads structure and comments
/// in one pass over the text instead of a parser pass plus a second scanner pass (a third of the
/// parse time on a large file). The comments are consumed exactly as the parser itself consumes them.
/// </summary>
internal sealed class YamlCommentRecordingScanner(string text) : IScanner
{
    private readonly Scanner scanner = new(new StringReader(text), skipComments: false);

    /// <summary>Each comment from its <c>#</c> to the end of its line, in text order.</summary>
    public List<(int Start, int End)> Comments { get; } = [];

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
            if (scanner.Current is not Comment comment)
            {
                return true;
            }

            var start = (int)comment.Start.Index;
            Comments.Add((start, YamlText.LineEnd(text, start)));
            scanner.ConsumeCurrent();
        }

        return false;
    }

    public void ConsumeCurrent() => scanner.ConsumeCurrent();
}
