namespace SopsNet.Cli.Commands;

/// <summary>
/// The one line a bulk command ends with, "500 files: 12 changed, 488 unchanged, 0 failed": in a CI log
/// the per-file lines scroll away, and a run that did nothing must not look like one that did everything.
/// </summary>
internal sealed record BatchSummary(int Changed, int Unchanged, int Failed)
{
    public int Files => Changed + Unchanged + Failed;

    public override string ToString() => $"{Files} file{(Files == 1 ? "" : "s")}: {Changed} changed, {Unchanged} unchanged, {Failed} failed";
}
