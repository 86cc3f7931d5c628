using Microsoft.Win32.SafeHandles;

namespace SopsNet.Cli.IO;

/// <summary>
/// An advisory lock on a file that a command reads, changes and writes back, held from the read until
/// the write (or the end of the command), so two sopsnet processes changing one file take turns and
/// the second applies its change to what the first wrote instead of silently undoing it.
/// </summary>
/// <remarks>
/// Linux open file description locks (fcntl F_OFD_SETLKW) on 64-bit processes. Not flock: .NET's own
/// FileStream takes a non-blocking flock(LOCK_SH) on every file it reads, so an flock held through an
/// edit session would make every other .NET reader (sopsnet decrypt, git's textconv) fail with a sharing
/// violation; fcntl locks are a separate lock space and readers never see them. Not classic POSIX record
/// locks either: those belong to the process (two commands in one process would not exclude each
/// other) and are dropped when any descriptor of the file is closed. Elsewhere there is no lock and
/// writes behave as before. A file we may not open for writing is not locked (a rename may still
/// replace it; sops could not write it at all).
/// </remarks>
internal sealed class TargetLock : IDisposable
{
    private readonly SafeFileHandle handle;

    private TargetLock(SafeFileHandle handle) => this.handle = handle;

    /// <summary>Locks <paramref name="target"/> (a resolved path), calling <paramref name="waiting"/> once before it blocks; null when it cannot be locked.</summary>
    public static TargetLock? Acquire(string target, Action waiting)
    {
        if (!LinuxNative.Available || !Environment.Is64BitProcess)
        {
            return null;
        }

        var announced = false;
        while (true)
        {
            var handle = LinuxNative.OpenReadWrite(target, out _);
            if (handle is null || !LinuxNative.Stat(handle).IsRegular)
            {
                handle?.Dispose();
                return null;
            }

            var error = LinuxNative.LockWhole(handle, wait: false);
            if (error == LinuxNative.EAGAIN)
            {
                if (!announced)
                {
                    waiting();
                    announced = true;
                }

                do
                {
                    error = LinuxNative.LockWhole(handle, wait: true);
                }
                while (error == LinuxNative.EINTR);
            }

            if (error != 0)
            {
                // No lock support here (an old kernel, some network file systems): proceed unlocked.
                handle.Dispose();
                return null;
            }

            // The holder we waited for may have renamed a new file over the path: our lock is then on
            // the old, unlinked file, and the lock that counts is on the new one.
            if (LinuxNative.Stat(target) is { } now && now.SameFile(LinuxNative.Stat(handle)))
            {
                return new TargetLock(handle);
            }

            handle.Dispose();
        }
    }

    /// <summary>The locked file's content, read through the locked descriptor (so it is exactly the file that is locked).</summary>
    public byte[] ReadAll()
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        long offset = 0;
        int read;
        while ((read = RandomAccess.Read(handle, chunk, offset)) > 0)
        {
            buffer.Write(chunk, 0, read);
            offset += read;
        }

        return buffer.ToArray();
    }

    public void Dispose() => handle.Dispose();
}
