namespace SopsNet.Cli.IO;

/// <summary>
/// The <see cref="TargetLock"/>s one command run holds, by resolved path. Asking again for a file the run
/// already holds returns the same lock (its own second descriptor would wait for ever); a lock is
/// released after its file is written, and all of them when the run ends, however it ends.
/// </summary>
/// <remarks>
/// The table's monitor is never held while waiting for another process: a batch (rotate -r) waiting for
/// one file must still be able to release the files it has written, or two batches could deadlock.
/// </remarks>
internal sealed class TargetLocks : IDisposable
{
    private readonly Dictionary<string, Lazy<TargetLock?>> held = new(StringComparer.Ordinal);

    /// <summary>Locks the file <paramref name="path"/> leads to; null when it cannot be locked (see <see cref="TargetLock"/>).</summary>
    public TargetLock? Acquire(string path, Action waiting)
    {
        var target = AtomicFile.ResolveTarget(path);
        Lazy<TargetLock?>? entry;
        lock (held)
        {
            if (!held.TryGetValue(target, out entry))
            {
                entry = new Lazy<TargetLock?>(() => TargetLock.Acquire(target, waiting));
                held[target] = entry;
            }
        }

        return entry.Value;
    }

    public void Release(string path)
    {
        var target = AtomicFile.ResolveTarget(path);
        Lazy<TargetLock?>? entry;
        lock (held)
        {
            held.Remove(target, out entry);
        }

        Dispose(entry);
    }

    public void Dispose()
    {
        List<Lazy<TargetLock?>> all;
        lock (held)
        {
            all = [.. held.Values];
            held.Clear();
        }

        foreach (var entry in all)
        {
            Dispose(entry);
        }
    }

    private static void Dispose(Lazy<TargetLock?>? entry)
    {
        if (entry is { IsValueCreated: true })
        {
            entry.Value?.Dispose();
        }
    }
}
