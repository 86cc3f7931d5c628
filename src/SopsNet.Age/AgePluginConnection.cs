using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace SopsNet.Age;

/// <summary>
/// One run of an <c>age-plugin-NAME</c> binary speaking the age plugin protocol (C2SP age-plugin.md):
/// stanzas in the age header syntax over its stdin and stdout. Also answers the plugin's requests to
/// talk to the user (<c>msg</c>, <c>confirm</c>, <c>request-public</c>, <c>request-secret</c>) through
/// <see cref="AgeHost"/>, as age's client does.
/// </summary>
internal sealed class AgePluginConnection : IDisposable
{
    private const int StderrKept = 4096;
    private readonly Process process;
    private readonly Stream input;
    private readonly Stream output;
    private readonly StringBuilder stderr = new();
    private readonly Task stderrReader;
    private readonly AgeHost host;

    private AgePluginConnection(string name, Process process, AgeHost host)
    {
        Name = name;
        this.process = process;
        this.host = host;
        input = process.StandardInput.BaseStream;
        output = new BufferedStream(process.StandardOutput.BaseStream);
        stderrReader = Task.Run(ReadStderrAsync);
    }

    /// <summary>The plugin name (<c>yubikey</c> for <c>age-plugin-yubikey</c>).</summary>
    public string Name { get; }

    public string Binary => $"age-plugin-{Name}";

    /// <summary>
    /// Starts the plugin found on <see cref="AgeHost.PluginSearchPath"/> with <c>--age-plugin=STATE_MACHINE</c>,
    /// in the temp directory (plugins must not depend on the working directory). <paramref name="neededFor"/>
    /// completes the "not found" message.
    /// </summary>
    public static AgePluginConnection Start(string name, string stateMachine, AgeHost host, string neededFor)
    {
        var binary = Find(name, host.PluginSearchPath)
            ?? throw new AgeException($"age: age-plugin-{name} not found on PATH (needed for {neededFor})");
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add($"--age-plugin={stateMachine}");
        try
        {
            return new AgePluginConnection(name, Process.Start(info)!, host);
        }
        catch (Win32Exception ex)
        {
            throw new AgeException($"age: cannot run age-plugin-{name} ({binary}): {ex.Message}");
        }
    }

    /// <summary>
    /// The first <c>age-plugin-NAME</c> in an absolute directory of <paramref name="searchPath"/>. Relative
    /// entries are skipped, as the plugin spec requires (a plugin must never come from the working directory),
    /// which is also why <see cref="Process.Start(ProcessStartInfo)"/>'s own lookup is not used.
    /// </summary>
    public static string? Find(string name, string? searchPath)
    {
        var fileName = OperatingSystem.IsWindows() ? $"age-plugin-{name}.exe" : $"age-plugin-{name}";
        foreach (var dir in (searchPath ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0 || !Path.IsPathRooted(dir))
            {
                continue;
            }

            var candidate = Path.Combine(dir, fileName);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || IsExecutable(candidate)))
            {
                return candidate;
            }
        }

        return null;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool IsExecutable(string path) =>
        (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    public void Write(string type, params string[] args) => Write(new AgeStanza(type, args, []));

    public void Write(AgeStanza stanza)
    {
        var sb = new StringBuilder();
        AgeHeader.AppendStanza(sb, stanza);
        try
        {
            input.Write(Encoding.ASCII.GetBytes(sb.ToString()));
            input.Flush();
        }
        catch (IOException)
        {
            throw StoppedEarly();
        }
    }

    /// <summary>
    /// The next stanza the plugin sends that is not a request to talk to the user; those are answered
    /// here. Throws when the plugin exits or sends something that is not a stanza.
    /// </summary>
    public AgeStanza Read()
    {
        while (true)
        {
            var stanza = ReadStanza();
            if (!AnswerUserRequest(stanza))
            {
                return stanza;
            }
        }
    }

    /// <summary>A one-line message for an <c>error</c> stanza's body (plugin text: no newlines kept).</summary>
    public string ErrorText(AgeStanza error)
    {
        var text = Encoding.UTF8.GetString(error.Body).ReplaceLineEndings(" ").Trim();
        return $"age: {Binary}: {(text.Length == 0 ? "error without a message" : text)}";
    }

    public AgeException Failed(string what)
    {
        if (process.HasExited)
        {
            // Its last words may still be in the pipe.
            stderrReader.Wait(TimeSpan.FromSeconds(1));
        }

        string last;
        lock (stderr)
        {
            last = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        }

        return new AgeException($"age: {Binary} {what}{(last.Length == 0 ? "" : $" (its last error: {last})")}");
    }

    /// <summary>The plugin closed its end of the pipes: usually it exited (crashed, or refused the state machine).</summary>
    private AgeException StoppedEarly() =>
        process.WaitForExit(TimeSpan.FromSeconds(5))
            ? Failed($"exited (code {process.ExitCode}) before finishing the protocol")
            : Failed("closed its input or output before finishing the protocol");

    private bool AnswerUserRequest(AgeStanza stanza)
    {
        var message = Encoding.UTF8.GetString(stanza.Body);
        switch (stanza.Type)
        {
            case "msg":
                Write(host.DisplayMessage($"{Binary}: {message}") ? "ok" : "fail");
                return true;
            case "request-public" or "request-secret":
                var value = host.RequestValue(message, stanza.Type == "request-secret");
                Write(value is null ? new AgeStanza("fail", [], []) : new AgeStanza("ok", [], Encoding.UTF8.GetBytes(value)));
                return true;
            case "confirm":
                var options = stanza.Args.Select(AgeBase64.TryDecode).ToList();
                if (options.Count is < 1 or > 2 || options.Any(o => o is null))
                {
                    throw Failed("sent a malformed confirm request");
                }

                var no = options.Count == 2 ? Encoding.UTF8.GetString(options[1]!) : null;
                var answer = host.Confirm(message, Encoding.UTF8.GetString(options[0]!), no);
                if (answer is null)
                {
                    Write("fail");
                }
                else
                {
                    Write("ok", answer.Value ? "yes" : "no");
                }

                return true;
            default:
                return false;
        }
    }

    private AgeStanza ReadStanza()
    {
        var first = ReadLine();
        var args = first.StartsWith("-> ", StringComparison.Ordinal) ? AgeHeader.SplitArgs(first[3..]) : null;
        if (args is null)
        {
            throw Failed("sent a line that is not a stanza");
        }

        var body = new List<byte>();
        while (true)
        {
            var line = ReadLine();
            var chunk = line.Length <= AgeHeader.ColumnsPerLine ? AgeBase64.TryDecode(line) : null;
            if (chunk is null)
            {
                throw Failed("sent a malformed stanza body");
            }

            body.AddRange(chunk);
            if (line.Length < AgeHeader.ColumnsPerLine)
            {
                return new AgeStanza(args[0], args[1..], body.ToArray());
            }
        }
    }

    private string ReadLine()
    {
        var line = new List<byte>();
        while (true)
        {
            var b = output.ReadByte();
            if (b < 0)
            {
                throw StoppedEarly();
            }

            if (b == '\n')
            {
                return Encoding.ASCII.GetString(line.ToArray());
            }

            line.Add((byte)b);
        }
    }

    private async Task ReadStderrAsync()
    {
        var buffer = new char[1024];
        int n;
        while ((n = await process.StandardError.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (stderr)
            {
                stderr.Append(buffer, 0, n);
                if (stderr.Length > StderrKept)
                {
                    stderr.Remove(0, stderr.Length - StderrKept);
                }
            }
        }
    }

    /// <summary>
    /// Closes the plugin's input and waits for it to exit; one that lingers is killed. (age sends SIGINT,
    /// which .NET cannot send; a plugin that follows the protocol exits when its input closes.)
    /// </summary>
    public void Dispose()
    {
        try
        {
            input.Dispose();
        }
        catch (IOException)
        {
            // Already gone.
        }

        if (!process.WaitForExit(5000))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        stderrReader.Wait();
        process.Dispose();
    }
}
