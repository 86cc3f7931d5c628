using System.Runtime.InteropServices;

namespace SopsNet.Cli.IO;

/// <summary>
/// The decrypted copy an editor works on: a 0600 file in a fresh 0700 directory, on a RAM-backed file
/// system (/dev/shm) when Linux has one so the plaintext never reaches a disk. It is removed on dispose and
/// also when the process gets SIGTERM, SIGINT or SIGHUP (sops 3.12.2 fixed exactly this leak).
/// </summary>
internal sealed class PlaintextTempFile : IDisposable
{
    private readonly string directory;
    private readonly List<PosixSignalRegistration> signals = [];
    private int disposed;

    public PlaintextTempFile(string fileName, byte[] content)
    {
        var root = OperatingSystem.IsLinux() && Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        directory = System.IO.Path.Combine(root, "sopsnet-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            // Exactly 0700: a umask that takes the owner's own bits away (0277) would leave a directory we
            // cannot create the file in; the owner's bits give no one else access.
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
        {
            // Remove the plaintext, then let the signal end the process as it would have.
            signals.Add(PosixSignalRegistration.Create(signal, _ => Dispose()));
        }

        Path = System.IO.Path.Combine(directory, fileName);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(Path, options);
        stream.Write(content);
    }

    public string Path { get; }

    public bool InMemory => directory.StartsWith("/dev/shm/", StringComparison.Ordinal);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        foreach (var s in signals)
        {
            s.Dispose();
        }
    }
}
