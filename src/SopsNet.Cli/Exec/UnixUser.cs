using System.Runtime.InteropServices;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Exec;

/// <summary>
/// exec-env's and exec-file's <c>--user</c>, as sops does it (subcommand/exec/exec_unix.go SwitchUser,
/// UserEnv): the whole process takes the user's groups, gid and uid before the command or the decrypted
/// file is created, and the command gets the user's HOME, USER and LOGNAME. Only root can do this.
/// </summary>
internal sealed record UnixUser(string Name, uint Uid, uint Gid, string Home)
{
    /// <summary>Variables the command gets on top of the others.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment =>
        [new("HOME", Home), new("USER", Name), new("LOGNAME", Name)];

    public static UnixUser Lookup(string name)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new SopsException(SopsError.Generic, "--user is not supported on windows");
        }

        var entry = Native.GetPasswordEntry(name);
        if (entry == IntPtr.Zero)
        {
            throw new SopsException(SopsError.Generic, $"--user: unknown user '{name}'");
        }

        // struct passwd: name, passwd, uid, gid, then (Linux) gecos, dir; (BSD, macOS) change, class, gecos, dir.
        var dirOffset = OperatingSystem.IsLinux() ? 32 : 48;
        return new UnixUser(
            name,
            (uint)Marshal.ReadInt32(entry, 16),
            (uint)Marshal.ReadInt32(entry, 20),
            Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry, dirOffset)) ?? "/");
    }

    /// <summary>Groups, then gid, then uid: after setuid the process could no longer change the others.</summary>
    public void SwitchProcess()
    {
        var groups = Native.GroupList(Name, Gid) ?? [Gid];
        Check(Native.SetGroups(groups.Length, groups), "setgroups");
        Check(Native.SetGid(Gid), "setgid");
        Check(Native.SetUid(Uid), "setuid");
    }

    private void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new SopsException(SopsError.Generic, $"--user {Name}: {call}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }
}
