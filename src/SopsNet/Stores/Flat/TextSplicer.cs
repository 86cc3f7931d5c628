using System.Text;

namespace SopsNet.Stores.Flat;

/// <summary>
/// Applies edits to an original text: everything outside the edited spans is copied byte for byte.
/// Insertions at a point come before a replacement starting there, in the order they were added; an
/// edit that starts inside an already applied one (e.g. an inline comment of a deleted line) is dropped.
/// </summary>
internal sealed class TextSplicer(string original)
{
    private readonly List<TextEdit> edits = [];

    public void Replace(int start, int end, string replacement) => edits.Add(new(start, end, replacement));

    public void Delete(int start, int end) => edits.Add(new(start, end, ""));

    /// <summary>Inserts at <paramref name="at"/>, first starting a new line if the text there does not.</summary>
    public void InsertLines(int at, string lines)
    {
        var needsBreak = at > 0 && original[at - 1] != '\n';
        edits.Add(new(at, at, needsBreak ? "\n" + lines : lines));
    }

    public string Apply()
    {
        var ordered = edits
            .Select((e, i) => (Edit: e, Order: i))
            .OrderBy(x => x.Edit.Start)
            .ThenBy(x => x.Edit.End == x.Edit.Start ? 0 : 1)
            .ThenBy(x => x.Order)
            .Select(x => x.Edit);
        var sb = new StringBuilder(original.Length);
        var cursor = 0;
        foreach (var edit in ordered)
        {
            if (edit.Start < cursor)
            {
                continue;
            }

            sb.Append(original, cursor, edit.Start - cursor).Append(edit.Replacement);
            cursor = edit.End;
        }

        return sb.Append(original, cursor, original.Length - cursor).ToString();
    }
}
