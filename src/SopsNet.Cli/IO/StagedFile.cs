using System.Runtime.InteropServices;

namespace SopsNet.Cli.IO;

/// <summary>
/// A file's new content before it replaces the old, in the target's directory (the rename must stay on
/// one file system to be atomic).
/// </summary>
/// <remarks>
/// On Linux it is created with O_TMPFILE: a file with no name at all while it is written and flushed,
/// which is the slow part. It gets a name only right before the rename, so a SIGKILL (which no handler can
/// catch) leaves no plaintext file for <c>git add -A</c> to pick up, except in the window of two system
/// calls (linkat, rename). Where that is not possible (another OS, a file system without O_TMPFILE, no
/// /proc) it is a hidden named temp file from the start. Either way it is created with the final file's
/// creation mode less the umask (0600 for plaintext), and a named one is removed on dispose and when
/// SIGTERM, SIGINT or SIGHUP end the process.
/// </remarks>
internal sealed class StagedFile : IDisposable
{
    private readonly string tempPath;
    private readonly List<PosixSignalRegistration> signals = [];
    private FileStream stream = null!;
    private bool unnamed;
    private int named;

    private StagedFile(string tempPath) => this.tempPath = tempPath;

    /// <summary>Starts the new content of <paramref name="target"/>; a file that does not exist yet gets <paramref name="createMode"/> less the umask.</summary>
    public static StagedFile Create(string target, UnixFileMode createMode)
    {
        var directory = Path.GetDirectoryName(target)!;
        var staged = new StagedFile(Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.sopsnet-tmp"));
        if (LinuxNative.Available && LinuxNative.CreateUnnamed(directory, (uint)createMode) is { } handle)
        {
            staged.stream = new FileStream(handle, FileAccess.Write, bufferSize: 0);
            staged.unnamed = true;
            return staged;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = createMode;
        }

        // The signal handlers come first: a signal between creating the file and registering them would
        // leave it behind.
        staged.Named();
        try
        {
            staged.stream = new FileStream(staged.tempPath, options);
            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    public void Write(ReadOnlySpan<byte> content)
    {
        try
        {
            stream.Write(content);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // .NET's mapping of EFBIG (past the process's file size limit, ulimit -f).
            throw new IOException("file too large", e);
        }
    }

    /// <summary>The content written by <paramref name="produce"/>, in as many pieces as it makes.</summary>
    public void Write(Action<Stream> produce)
    {
        try
        {
            produce(stream);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // .NET's mapping of EFBIG (past the process's file size limit, ulimit -f).
            throw new IOException("file too large", e);
        }
    }

    /// <summary>
    /// Gives the new file the old one's permissions and, where permitted (root, or the same owner and one
    /// of its groups), its owner and group. <paramref name="existing"/> is only known where <see cref="LinuxNative.Available"/>.
    /// </summary>
    public void KeepOwnerAndMode(string target, FileStatus? existing)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (existing is null)
        {
            // Elsewhere only the permissions can be kept.
            if (!LinuxNative.Available && File.Exists(target))
            {
                File.SetUnixFileMode(stream.SafeFileHandle, File.GetUnixFileMode(target));
            }

            return;
        }

        var mode = existing.Mode;
        if (!LinuxNative.TryChown(stream.SafeFileHandle, existing.Uid, existing.Gid) &&
            LinuxNative.Stat(stream.SafeFileHandle).Gid != existing.Gid)
        {
            // The group could not be kept, so the group bits would now grant access to a different group
            // (ours) than the one the owner chose: they are dropped instead.
            mode &= ~(UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);
        }

        // After chown, which clears set-user-ID and set-group-ID bits.
        File.SetUnixFileMode(stream.SafeFileHandle, mode);
    }

    /// <summary>Flushes the content to disk and renames it over <paramref name="target"/>.</summary>
    public void Replace(string target)
    {
        stream.Flush(flushToDisk: true);
        if (unnamed)
        {
            Named();
            LinuxNative.Link(stream.SafeFileHandle, tempPath);
        }

        // Closed first: Windows cannot rename a file that is open.
        stream.Dispose();
        File.Move(tempPath, target, overwrite: true);
        Interlocked.Exchange(ref named, 0);
    }

    public void Dispose()
    {
        stream?.Dispose();
        RemoveTemp();
        foreach (var s in signals)
        {
            s.Dispose();
        }
    }

    private void Named()
    {
        Volatile.Write(ref named, 1);
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
        {
            // Remove the temp file, then let the signal end the process as it would have.
            signals.Add(PosixSignalRegistration.Create(signal, _ => RemoveTemp()));
        }
    }

    private void RemoveTemp()
    {
        if (Interlocked.Exchange(ref named, 0) == 0)
        {
            return;
        }

        try
        {
            File.Delete(tempPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
