using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace SopsNet.Cli.IO;

/// <summary>
/// The Linux file calls .NET has no managed API for: statx (inode, link count, owner), fchown, files
/// created without a name (O_TMPFILE) and named later (linkat), and open file description locks. Plain
/// DllImports with blittable arguments (paths as NUL-terminated UTF-8), as in <c>Exec.Native</c>, so they
/// work under NativeAOT without unsafe code. statx is used rather than stat because its buffer has one
/// layout on every architecture (struct stat differs between x64 and arm64).
/// </summary>
internal static class LinuxNative
{
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int EAGAIN = 11;

    private const int AtFdCwd = -100;
    private const int AtSymlinkFollow = 0x400;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int OWriteOnly = 0x1;
    private const int OReadWrite = 0x2;
    private const int ONoCtty = 0x100;
    private const int OCloseOnExec = 0x80000;
    private const int OTmpFileBase = 0x400000;
    private const int FOfdSetLock = 37;
    private const int FOfdSetLockWait = 38;
    private const short FWriteLock = 1;

    private static readonly Lazy<bool> HasStatx = new(() =>
    {
        try
        {
            return Statx(AtFdCwd, CString("/"), 0, StatxBasicStats, new byte[256]) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.28, musl before 1.2.5.
            return false;
        }
    });

    /// <summary>True on Linux with a C library that has statx; otherwise writes fall back to what .NET offers everywhere.</summary>
    internal static bool Available => OperatingSystem.IsLinux() && HasStatx.Value;

    /// <summary>statx of <paramref name="path"/>, following symlinks; null when it does not exist.</summary>
    internal static FileStatus? Stat(string path)
    {
        var buffer = new byte[256];
        if (Statx(AtFdCwd, CString(path), 0, StatxBasicStats, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == ENOENT ? null : throw Error(errno);
        }

        return FileStatus.FromStatx(buffer);
    }

    internal static FileStatus Stat(SafeFileHandle handle)
    {
        var buffer = new byte[256];
        return StatxFd(handle, [0], AtEmptyPath, StatxBasicStats, buffer) == 0
            ? FileStatus.FromStatx(buffer)
            : throw Error(Marshal.GetLastPInvokeError());
    }

    /// <summary>Opens an existing file for reading and writing; returns the errno on failure.</summary>
    internal static SafeFileHandle? OpenReadWrite(string path, out int errno)
    {
        var fd = Open(CString(path), OReadWrite | ONoCtty | OCloseOnExec, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// A new file in <paramref name="directory"/> that has no name until <see cref="Link"/> gives it one,
    /// created with <paramref name="mode"/> less the umask (the kernel applies it, so there is no race
    /// reading it). Null when the architecture's flag value is unknown or the file system cannot do it.
    /// </summary>
    internal static SafeFileHandle? CreateUnnamed(string directory, uint mode)
    {
        // O_TMPFILE includes O_DIRECTORY, whose value differs between architectures.
        int? oDirectory = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 or Architecture.RiscV64 or Architecture.LoongArch64 => 0x10000,
            Architecture.Arm64 or Architecture.Arm => 0x4000,
            _ => null,
        };
        if (oDirectory is null || !Directory.Exists("/proc/self/fd"))
        {
            return null;
        }

        var fd = Open(CString(directory), OTmpFileBase | oDirectory.Value | OWriteOnly | OCloseOnExec, (int)mode);
        if (fd >= 0)
        {
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        // EOPNOTSUPP, EISDIR and EINVAL mean the file system (or an old kernel) has no O_TMPFILE.
        var errno = Marshal.GetLastPInvokeError();
        return errno is 95 or 21 or 22 ? null : throw Error(errno);
    }

    /// <summary>Gives a file made by <see cref="CreateUnnamed"/> the name <paramref name="path"/>.</summary>
    internal static void Link(SafeFileHandle handle, string path)
    {
        var fdPath = "/proc/self/fd/" + handle.DangerousGetHandle().ToInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (LinkAt(AtFdCwd, CString(fdPath), AtFdCwd, CString(path), AtSymlinkFollow) != 0)
        {
            throw Error(Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Gives the file the owner and group; false when not permitted.</summary>
    internal static bool TryChown(SafeFileHandle handle, uint uid, uint gid) => FChown(handle, uid, gid) == 0;

    /// <summary>
    /// Takes an exclusive lock on the whole file; <paramref name="wait"/> false returns at once with
    /// EAGAIN when another open file description holds one. Returns 0 or the errno.
    /// </summary>
    internal static int LockWhole(SafeFileHandle handle, bool wait)
    {
        var request = new FlockRequest { Type = FWriteLock };
        return Fcntl(handle, wait ? FOfdSetLockWait : FOfdSetLock, ref request) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>
    /// Writes everything to descriptor <paramref name="fd"/> with write(2), which moves the offset the
    /// descriptor shares with the shell that opened it (.NET's FileStream writes at its own position).
    /// </summary>
    internal static void WriteAll(int fd, ReadOnlySpan<byte> content)
    {
        while (!content.IsEmpty)
        {
            var written = WriteFd(fd, ref MemoryMarshal.GetReference(content), content.Length);
            if (written < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                {
                    continue;
                }

                throw Error(errno);
            }

            content = content[(int)written..];
        }
    }

    internal static IOException Error(int errno) => new(Marshal.GetPInvokeErrorMessage(errno), errno);

    private static byte[] CString(string s) => Encoding.UTF8.GetBytes(s + "\0");

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatxFd(SafeFileHandle dirfd, byte[] emptyPath, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags, int mode);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint WriteFd(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "linkat", SetLastError = true)]
    private static extern int LinkAt(int oldDirectory, byte[] oldPath, int newDirectory, byte[] newPath, int flags);

    [DllImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static extern int FChown(SafeFileHandle fd, uint uid, uint gid);

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(SafeFileHandle fd, int command, ref FlockRequest request);

    /// <summary>struct flock on 64-bit Linux: l_type, l_whence, l_start, l_len, l_pid (0 for OFD locks); zero start and length cover the whole file.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FlockRequest
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }
}
