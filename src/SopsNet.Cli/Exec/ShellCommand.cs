using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Exec;

/// <summary>
/// Runs a command the way sops's exec-env and exec-file do: <c>/bin/sh -c COMMAND</c>, with our standard
/// input, output and error, and returns its exit code. SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to us are
/// passed on to the child and we keep waiting for it, so a supervisor stopping us stops the child and
/// still sees the child's own exit status.
/// </summary>
internal static class ShellCommand
{
    private static readonly (PosixSignal Signal, int Number)[] Forwarded =
    [
        (PosixSignal.SIGHUP, 1),
        (PosixSignal.SIGINT, 2),
        (PosixSignal.SIGQUIT, 3),
        (PosixSignal.SIGTERM, 15),
    ];

    /// <param name="variables">Set in the child's environment, over the inherited ones.</param>
    /// <param name="pristine">The child gets only <paramref name="variables"/>, nothing inherited.</param>
    /// <param name="workingDirectory">The child's working directory (the CLI context's, which is the process's outside tests).</param>
    public static async Task<int> RunAsync(string command, IEnumerable<KeyValuePair<string, string>> variables, bool pristine, string workingDirectory)
    {
        var info = StartInfo(["-c", command], variables, pristine, workingDirectory);

        using var process = new Process { StartInfo = info };
        var forwarder = new Forwarder();
        var registrations = new List<PosixSignalRegistration>();
        try
        {
            // Registered before the start so no signal falls between the start and the forwarding.
            foreach (var (signal, number) in Forwarded)
            {
                registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    forwarder.Send(context.Signal, number);
                }));
            }

            try
            {
                process.Start();
            }
            catch (Win32Exception e)
            {
                throw new SopsException(SopsError.Generic, $"cannot run /bin/sh: {e.Message}");
            }

            forwarder.Started(process.Id);
            await process.WaitForExitAsync().ConfigureAwait(false);
            forwarder.Exited();

            // .NET reports a child killed by signal N as 128+N, the shell convention.
            return process.ExitCode;
        }
        finally
        {
            foreach (var r in registrations)
            {
                r.Dispose();
            }
        }
    }

    /// <summary>
    /// --background (deprecated in sops): starts the command and does not wait for it. As sops starts it,
    /// its standard input, output and error are /dev/null; the shell redirects them, since .NET cannot.
    /// </summary>
    public static Process Start(string command, IEnumerable<KeyValuePair<string, string>> variables, bool pristine, string workingDirectory)
    {
        var info = StartInfo(["-c", "exec </dev/null >/dev/null 2>&1; exec /bin/sh -c \"$1\"", "sh", command], variables, pristine, workingDirectory);
        try
        {
            return Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new SopsException(SopsError.Generic, $"cannot run /bin/sh: {e.Message}");
        }
    }

    /// <summary>
    /// exec-env --same-process: this process becomes <c>/bin/sh -c COMMAND</c> (execve), so the command keeps
    /// our pid (what a container's init or a supervisor watches). Returns only by throwing.
    /// </summary>
    public static void ExecInPlace(string command, IEnumerable<KeyValuePair<string, string>> variables, bool pristine, Stream stdout)
    {
        RequireShell();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!pristine)
        {
            foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            {
                environment[(string)e.Key] = (string?)e.Value ?? "";
            }
        }

        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        stdout.Flush();

        // .NET ignores SIGPIPE, and an ignored signal stays ignored across exec: the command would not die
        // writing into a closed pipe (`... | head`) as it does when started by sops.
        Native.Signal(13, IntPtr.Zero);
        Native.Exec("/bin/sh", ["/bin/sh", "-c", command], [.. environment.Select(kv => kv.Key + "=" + kv.Value)]);
        throw new SopsException(SopsError.Generic, $"cannot run /bin/sh: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string>> variables, bool pristine, string workingDirectory)
    {
        RequireShell();
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };

        // The command inherits our directory, as sops's does; changing into it again would fail after
        // --user switched to a user who may not enter it (the kernel checks a chdir, not an inherited cwd).
        if (!string.Equals(Path.GetFullPath(workingDirectory), Environment.CurrentDirectory, StringComparison.Ordinal))
        {
            info.WorkingDirectory = workingDirectory;
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (pristine)
        {
            info.Environment.Clear();
        }

        foreach (var (name, value) in variables)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static void RequireShell()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new SopsException(SopsError.Generic, "exec-env and exec-file run the command with /bin/sh, which windows does not have");
        }
    }

    /// <summary>
    /// Sends signals on to the child. The child can be running (and be seen running) before Process.Start
    /// returns its id; a signal arriving in that gap is held and sent as soon as the id is known.
    /// </summary>
    private sealed class Forwarder
    {
        private readonly Lock gate = new();
        private readonly List<(PosixSignal Signal, int Number)> pending = [];

        /// <summary>0 before the start, the child's id while it runs, -1 once it is reaped.</summary>
        private int pid;

        public void Exited()
        {
            lock (gate)
            {
                pid = -1;
            }
        }

        public void Send(PosixSignal signal, int number)
        {
            int target;
            lock (gate)
            {
                if (pid < 0)
                {
                    return; // reaped: its id may belong to another process by now
                }

                if (pid == 0)
                {
                    pending.Add((signal, number));
                    return;
                }

                target = pid;
            }

            Forward(target, signal, number);
        }

        public void Started(int id)
        {
            List<(PosixSignal Signal, int Number)> held;
            lock (gate)
            {
                pid = id;
                held = [.. pending];
                pending.Clear();
            }

            foreach (var (signal, number) in held)
            {
                Forward(id, signal, number);
            }
        }
    }

    private static void Forward(int pid, PosixSignal signal, int number)
    {
        if (pid <= 0)
        {
            return; // kill(0) and kill(-1) would signal whole groups, never wanted here
        }

        // A key press on the terminal (Ctrl-C, Ctrl-\) already reached the child: it is in our process group,
        // and that group is the terminal's foreground group. Sending it again would make programs that
        // treat a second Ctrl-C as "force quit" skip their clean shutdown. (sops avoids this by putting the
        // child in its own process group, which .NET's Process cannot do.)
        if (signal is PosixSignal.SIGINT or PosixSignal.SIGQUIT && IsForegroundOfTerminal())
        {
            return;
        }

        Native.Kill(pid, number);
    }

    private static bool IsForegroundOfTerminal()
    {
        try
        {
            var foreground = Native.GetTerminalForegroundGroup(0);
            return foreground > 0 && foreground == Native.GetProcessGroup();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
