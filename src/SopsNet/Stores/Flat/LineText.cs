namespace SopsNet.Stores.Flat;

/// <summary>
/// The decoded text of a line-based file (dotenv, INI), shared by every node's source handle so a writer
/// can tell whether a handle belongs to the original it was given. A class, not a record: equality is
/// identity, and printing a node must not dump the whole file.
/// </summary>
internal sealed class LineText
{
    private readonly List<int> lineStarts = [0];

    public LineText(string text)
    {
        Text = text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }
    }

    public string Text { get; }

    /// <summary>True when the file is not empty and its last line has no final newline.</summary>
    public bool Unterminated => Text.Length > 0 && Text[^1] != '\n';

    /// <param name="content">The file's bytes.</param>
    /// <param name="format">The format's name, for error messages.</param>
    /// <param name="refuseEveryLoneCr">True for INI (see <see cref="RejectLoneCarriageReturns"/>).</param>
    public static LineText Decode(byte[] content, string format, bool refuseEveryLoneCr)
    {
        var decoded = new LineText(Utf8Text.Decode(content, 0, format));
        decoded.RejectLoneCarriageReturns(format, refuseEveryLoneCr);
        return decoded;
    }

    /// <summary>
    /// sops (and go-ini) split lines at LF only. In a file with CR-only (classic Mac) line endings every
    /// line would be glued into one: dotenv would read one value holding all the others, INI a section
    /// whose keys are silently lost. A user who sees lines means lines, so such a file is refused. INI
    /// refuses any lone CR, since after a section name it hides the rest of the line; dotenv keeps one
    /// inside a value of a file that has LF line breaks, as sops does.
    /// </summary>
    private void RejectLoneCarriageReturns(string format, bool anywhere)
    {
        var i = Text.IndexOf('\r');
        while (i >= 0 && i + 1 < Text.Length && Text[i + 1] == '\n')
        {
            i = Text.IndexOf('\r', i + 2);
        }

        if (i >= 0 && (anywhere || !Text.Contains('\n')))
        {
            var (line, column) = Position(i);
            throw new StoreException($"{format}: a carriage return (CR) without a line feed; use LF or CRLF line endings", line, column);
        }
    }

    /// <summary>1-based line and column (in UTF-16 characters) of an offset.</summary>
    public (int Line, int Column) Position(int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - lineStarts[line] + 1);
    }

    /// <summary>The end of the line that starts at or contains <paramref name="offset"/>, before its '\n'.</summary>
    public int LineEnd(int offset)
    {
        var end = Text.IndexOf('\n', offset);
        return end < 0 ? Text.Length : end;
    }

    /// <summary>The offset just after the line's '\n' (or the end of the text).</summary>
    public int NextLine(int offset)
    {
        var end = Text.IndexOf('\n', offset);
        return end < 0 ? Text.Length : end + 1;
    }
}
