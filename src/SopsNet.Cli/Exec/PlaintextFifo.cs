using System.Runtime.InteropServices;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Exec;

/// <summary>
/// exec-file's default: the decrypted content offered through a named pipe (mode 0600, in a fresh 0700
/// directory on /dev/shm), so the plaintext is never stored in any file, only handed to whoever opens the
/// pipe first. A background task writes it; opening a FIFO for writing blocks until a reader comes, so
/// when the command ends without reading it, disposing opens the read end itself to release the writer.
/// The directory is removed on dispose and on SIGTERM, SIGINT and SIGHUP that end the process (while the
/// command runs, those signals go to the command instead and the pipe stays until it has ended).
/// </summary>
internal sealed class PlaintextFifo : IAsyncDisposable
{
    private readonly string directory;
    private readonly Task writer;
    private readonly List<PosixSignalRegistration> signals = [];
    private int removed;

    public PlaintextFifo(string fileName, byte[] content)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new SopsException(SopsError.Generic, "windows has no fifos; use --no-fifo");
        }

        var root = OperatingSystem.IsLinux() && Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        directory = System.IO.Path.Combine(root, "sopsnet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // Exactly 0700: a umask that takes the owner's own bits away (0277) would leave a directory we
        // cannot create the file in; the owner's bits give no one else access.
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Path = System.IO.Path.Combine(directory, fileName);
        if (Native.MakeFifo(Path, Convert.ToUInt32("600", 8)) != 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            Directory.Delete(directory, recursive: true);
            throw new SopsException(SopsError.CouldNotWriteOutputFile, $"cannot create a fifo in {root}: {error}");
        }

        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
        {
            // Only removes the pipe and lets the signal end the process. While the command runs, the
            // handler that forwards signals to it comes first and stops the signal here.
            signals.Add(PosixSignalRegistration.Create(signal, _ => Remove()));
        }

        writer = Task.Run(() => Write(Path, content));
    }

    public string Path { get; }

    /// <summary>Completes once a reader has taken the content (or went away).</summary>
    public Task Handover => writer;

    public async ValueTask DisposeAsync()
    {
        // A writer still waiting for a reader is released by opening the read end and closing it again:
        // its open returns and its write fails (no reader), which it ignores. The writer may not even have
        // reached its open yet, so this is repeated for a while.
        for (var i = 0; i < 50 && !writer.IsCompleted && Volatile.Read(ref removed) == 0; i++)
        {
            var fd = Native.OpenReadNonBlocking(Path);
            try
            {
                await Task.WhenAny(writer, Task.Delay(100)).ConfigureAwait(false);
            }
            finally
            {
                if (fd >= 0)
                {
                    Native.Close(fd);
                }
            }
        }

        Remove();
        foreach (var s in signals)
        {
            s.Dispose();
        }
    }

    private static void Write(string path, byte[] content)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            stream.Write(content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The reader went away early, or nobody read at all: nothing to hand over any more.
        }
    }

    private void Remove()
    {
        if (Interlocked.Exchange(ref removed, 1) != 0)
        {
            return;
        }

        // On a signal the writer may still wait for a reader: release it before the pipe disappears.
        var fd = Native.OpenReadNonBlocking(Path);
        if (fd >= 0)
        {
            Native.Close(fd);
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
