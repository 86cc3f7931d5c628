namespace SopsNet.Stores.Yaml;

/// <summary>
/// The innermost flow collection around each comment, for comments visited in text order. Flow
/// collections nest, so those open at a point form a stack that only moves forward with the comments:
/// linear, where testing every flow collection for every comment was quadratic (a file of
/// <c>key: [v] # note</c> lines).
/// </summary>
internal sealed class YamlOpenFlows(List<YamlDraftCollection> flowsInTextOrder)
{
    private readonly Stack<YamlDraftCollection> open = new();
    private int next;

    /// <summary>The innermost flow collection whose brackets enclose <paramref name="at"/>; calls must not go backwards.</summary>
    public YamlDraftCollection? InnermostAround(int at)
    {
        while (next < flowsInTextOrder.Count && flowsInTextOrder[next].Start < at)
        {
            var flow = flowsInTextOrder[next++];
            PopEndedBy(flow.Start);
            open.Push(flow);
        }

        PopEndedBy(at);
        return open.Count > 0 ? open.Peek() : null;
    }

    /// <summary>Pops the collections closed at or before <paramref name="at"/>: they do not enclose it.</summary>
    private void PopEndedBy(int at)
    {
        while (open.Count > 0 && open.Peek().FlowEnd <= at)
        {
            open.Pop();
        }
    }
}
