using System.Runtime.InteropServices;
using System.Text;

namespace SopsNet.Cli.Exec;

/// <summary>
/// The few libc calls .NET has no managed API for: sending a signal to a child, making a FIFO and opening
/// one without blocking. Plain DllImports with blittable arguments (paths as NUL-terminated UTF-8 bytes):
/// they need no generated marshalling code, so they work under NativeAOT without unsafe code.
/// </summary>
internal static class Native
{
    internal static int MakeFifo(string path, uint mode) => MakeFifo(CString(path), mode);

    /// <summary>Opens read-only without blocking: a FIFO's open otherwise waits for a writer.</summary>
    internal static int OpenReadNonBlocking(string path) =>
        Open(CString(path), OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 0x4 : 0x800);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "getpgrp")]
    internal static extern int GetProcessGroup();

    [DllImport("libc", EntryPoint = "tcgetpgrp")]
    internal static extern int GetTerminalForegroundGroup(int fd);

    [DllImport("libc", EntryPoint = "close")]
    internal static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(byte[] path, uint mode);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags);

    private static byte[] CString(string s) => Encoding.UTF8.GetBytes(s + "\0");
}
