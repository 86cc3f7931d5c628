using System.Runtime.InteropServices;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.IO;

/// <summary>
/// Writes a file so that a crash, a kill or a full disk at any point leaves either the old or the new
/// complete file: the content goes to a <see cref="StagedFile"/> beside the target, is flushed to disk,
/// then renamed over the target. A symlink is followed to its final target (the link stays a link); the
/// target keeps its permissions and, where permitted, its owner and group.
/// </summary>
internal static class AtomicFile
{
    private const UnixFileMode DefaultCreateMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    public static void Write(string path, ReadOnlySpan<byte> content, NewFileMode newFileMode) => Write(path, content, null, newFileMode);

    /// <summary>
    /// Memory: the content written by <paramref name="produce"/> into the staged file as it is made (a large
    /// encrypted file, never held whole); if it throws, the target is left as it was.
    /// </summary>
    public static void Write(string path, Action<Stream> produce, NewFileMode newFileMode) => Write(path, [], produce, newFileMode);

    private static void Write(string path, ReadOnlySpan<byte> content, Action<Stream>? produce, NewFileMode newFileMode)
    {
        var existed = false;
        try
        {
            // One of our descriptors (--output /dev/stdout leads to /proc/self/fd/1), a device or a fifo
            // is written as it is: a rename would replace the link or the node instead. Our own
            // descriptor is written directly, so output lands where the shell's redirection points
            // (sops reopens and truncates it, erasing what was written there before).
            var target = ResolveTarget(path);
            if (produce is not null && (IsDescriptor(target) || Status(target) is { IsRegular: false }))
            {
                // What is written as it is, not staged, is made whole first, so that a failure while making
                // it writes nothing there.
                var whole = new MemoryStream();
                produce(whole);
                content = whole.GetBuffer().AsSpan(0, (int)whole.Length);
                produce = null;
            }

            if (OperatingSystem.IsLinux() && OwnDescriptor(target) is { } fd)
            {
                LinuxNative.WriteAll(fd, content);
                return;
            }

            var status = Status(target);
            if (IsDescriptor(target) || status is { IsRegular: false })
            {
                WriteInPlace(target, content);
                return;
            }

            // Replacing the name is what makes the write atomic, and a hard-linked file cannot be updated
            // that way: its other names would keep the old content (a plaintext twin after encrypt -i).
            // Rewriting its inode in place instead would leave it truncated under every name if the disk
            // fills or the process dies halfway. So it is refused, before anything is written.
            if (status is { Links: > 1 })
            {
                throw new SopsException(SopsError.CouldNotWriteOutputFile,
                    $"cannot write {path}: it has {status.Links} hard links, and its other names would keep the old content; make it a file of its own first (cp, then mv over it)");
            }

            existed = status is not null || File.Exists(target);
            using var staged = StagedFile.Create(target, newFileMode == NewFileMode.OwnerOnly ? UnixFileMode.UserRead | UnixFileMode.UserWrite : DefaultCreateMode);
            if (produce is not null)
            {
                staged.Write(produce);
            }
            else
            {
                staged.Write(content);
            }

            staged.KeepOwnerAndMode(target, status);
            staged.Replace(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SopsException(SopsError.CouldNotWriteOutputFile,
                $"cannot write {path}: {Cause(e)}{(existed ? "; the file was not changed" : "")}", e);
        }
    }

    /// <summary>
    /// The file a write to <paramref name="path"/> lands in: the end of its chain of symlinks (relative
    /// targets resolved against the link's directory), or the path itself. A chain that passes through
    /// /proc or /dev/fd stops there: those links name open descriptors, not files of their own.
    /// </summary>
    public static string ResolveTarget(string path)
    {
        var current = Path.GetFullPath(path);
        for (var hops = 0; !IsDescriptor(current) && new FileInfo(current).LinkTarget is { } next; hops++)
        {
            if (hops == 40)
            {
                throw new IOException("too many levels of symbolic links");
            }

            current = Path.GetFullPath(next, Path.GetDirectoryName(current)!);
        }

        return current;
    }

    private static bool IsDescriptor(string path) =>
        !OperatingSystem.IsWindows() && (path.StartsWith("/proc/", StringComparison.Ordinal) || path.StartsWith("/dev/fd/", StringComparison.Ordinal));

    /// <summary>The existing file at <paramref name="path"/> (symlinks followed), or null; always null where <see cref="LinuxNative.Available"/> is false.</summary>
    private static FileStatus? Status(string path)
    {
        var status = LinuxNative.Available ? LinuxNative.Stat(path) : null;
        return status is { IsDirectory: true } || Directory.Exists(path) ? throw new IOException("it is a directory") : status;
    }

    /// <summary>The number of one of this process's descriptors that <paramref name="path"/> names (/proc/self/fd/N, /dev/fd/N), or null.</summary>
    private static int? OwnDescriptor(string path)
    {
        foreach (var prefix in new[] { "/proc/self/fd/", $"/proc/{Environment.ProcessId}/fd/", "/dev/fd/" })
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) &&
                int.TryParse(path.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fd))
            {
                return fd;
            }
        }

        return null;
    }

    private static void WriteInPlace(string path, ReadOnlySpan<byte> content)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        stream.Write(content);
    }

    /// <summary>The system's reason without the path .NET appends (the message names the file already), lower-case.</summary>
    private static string Cause(Exception e)
    {
        var text = e switch
        {
            UnauthorizedAccessException => "permission denied",
            IOException { HResult: > 0 and < 4096 } io when !OperatingSystem.IsWindows() => Marshal.GetPInvokeErrorMessage(io.HResult),
            _ => e.Message,
        };
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }
}
