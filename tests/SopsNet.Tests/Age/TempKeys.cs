using System.Diagnostics;

namespace SopsNet.Tests.Age;

/// <summary>A temp directory with keys made by the real tools (age-keygen, ssh-keygen), deleted on dispose.</summary>
internal sealed class TempKeys : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("sopsnet-age-").FullName;

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    /// <summary>Writes an age key file; returns (path, recipient).</summary>
    public (string File, string Recipient) AgeKey(string name = "age.txt")
    {
        var file = Path(name);
        Run("age-keygen", "-o", file);
        return (file, Run("age-keygen", "-y", file).Trim());
    }

    /// <summary>
    /// Writes an ssh key pair with ssh-keygen, unencrypted unless a <paramref name="passphrase"/> is given
    /// (then with ssh-keygen's default cipher, or <paramref name="cipher"/>); returns (private key path, public key line).
    /// </summary>
    public (string File, string PublicLine) SshKey(string type, string name, string passphrase = "", string? cipher = null)
    {
        var file = Path(name);
        var args = new List<string> { "-q", "-t", type, "-N", passphrase, "-C", "test comment", "-f", file };
        if (cipher is not null)
        {
            args.InsertRange(0, ["-Z", cipher]);
        }

        if (type == "rsa")
        {
            args.InsertRange(0, ["-b", "2048"]);
        }

        Run("ssh-keygen", [.. args]);
        return (file, File.ReadAllText(file + ".pub").Trim());
    }

    /// <summary>Runs a tool, returns stdout; fails the test with stderr on a non-zero exit.</summary>
    public static string Run(string tool, params string[] args) => RunWithInput(tool, null, args);

    public static string RunWithInput(string tool, byte[]? stdin, params string[] args)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {stderrTask.Result}");
        }

        return stdout;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
