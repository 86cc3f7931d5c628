namespace SopsNet.Selection;

/// <summary>
/// The comments "active" at a point of the walk, as sops tracks them: one list per nesting level; a
/// comment is appended to its level, and the level is cleared after each non-comment item. So a comment
/// applies to the next key and everything below it.
/// </summary>
public sealed class CommentStack
{
    private readonly List<List<string>> levels = [];

    public void Push() => levels.Add([]);

    public void Pop() => levels.RemoveAt(levels.Count - 1);

    public void Add(string comment) => levels[^1].Add(comment);

    public void ClearLevel() => levels[^1].Clear();

    public IEnumerable<string> Active(bool skipLast)
    {
        for (var i = 0; i < levels.Count; i++)
        {
            var level = levels[i];
            var count = skipLast && i == levels.Count - 1 ? level.Count - 1 : level.Count;
            for (var j = 0; j < count; j++)
            {
                yield return level[j];
            }
        }
    }
}
