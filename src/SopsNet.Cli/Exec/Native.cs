using System.Runtime.InteropServices;
using System.Text;

namespace SopsNet.Cli.Exec;

/// <summary>
/// The few libc calls .NET has no managed API for: sending a signal to a child, making a FIFO and opening
/// one without blocking, switching the process's user and replacing the process (exec-env --user and
/// --same-process). Plain DllImports with blittable arguments (paths as NUL-terminated UTF-8 bytes, string
/// arrays as pointer arrays): they need no generated marshalling code, so they work under NativeAOT
/// without unsafe code.
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

    internal static IntPtr GetPasswordEntry(string user) => GetPasswordEntry(CString(user));

    /// <summary>The user's groups (getgrouplist), or null when the user has more than <paramref name="max"/>.</summary>
    internal static uint[]? GroupList(string user, uint gid, int max = 1024)
    {
        var groups = new uint[max];
        var count = max;
        return GetGroupList(CString(user), gid, groups, ref count) < 0 ? null : groups[..count];
    }

    [DllImport("libc", EntryPoint = "setgroups", SetLastError = true)]
    internal static extern int SetGroups(nint size, uint[] groups);

    [DllImport("libc", EntryPoint = "setgid", SetLastError = true)]
    internal static extern int SetGid(uint gid);

    [DllImport("libc", EntryPoint = "setuid", SetLastError = true)]
    internal static extern int SetUid(uint uid);

    [DllImport("libc", EntryPoint = "signal")]
    internal static extern IntPtr Signal(int signal, IntPtr handler);

    /// <summary>Replaces the process; returns only on failure. Arrays are NULL-terminated lists of C strings.</summary>
    internal static int Exec(string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp)
    {
        var strings = new List<IntPtr>();
        try
        {
            IntPtr[] List(IReadOnlyList<string> items)
            {
                var list = new IntPtr[items.Count + 1];
                for (var i = 0; i < items.Count; i++)
                {
                    list[i] = Marshal.StringToCoTaskMemUTF8(items[i]);
                    strings.Add(list[i]);
                }

                return list;
            }

            return ExecVe(CString(path), List(argv), List(envp));
        }
        finally
        {
            foreach (var p in strings)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static extern int ExecVe(byte[] path, IntPtr[] argv, IntPtr[] envp);

    [DllImport("libc", EntryPoint = "getpwnam", SetLastError = true)]
    private static extern IntPtr GetPasswordEntry(byte[] name);

    [DllImport("libc", EntryPoint = "getgrouplist")]
    private static extern int GetGroupList(byte[] user, uint group, uint[] groups, ref int count);

    private static byte[] CString(string s) => Encoding.UTF8.GetBytes(s + "\0");
}
