namespace SopsNet.Cli;

/// <summary>
/// The file name we were started as. A symlink named <c>sops</c> must count, so this reads argv[0]
/// (/proc/self/cmdline on Linux): Environment.ProcessPath resolves symlinks to the real binary.
/// </summary>
internal static class InvocationName
{
    public static string Get()
    {
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/self/cmdline"))
            {
                var cmdline = File.ReadAllBytes("/proc/self/cmdline");
                var end = Array.IndexOf(cmdline, (byte)0);
                var argv0 = System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);

                // Under `dotnet sopsnet.dll` argv[0] is the host; the program is the dll.
                if (Path.GetFileNameWithoutExtension(argv0) is { Length: > 0 } name && name != "dotnet")
                {
                    return name;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return Path.GetFileNameWithoutExtension(Environment.ProcessPath) is { Length: > 0 } fromPath && fromPath != "dotnet" ? fromPath : "sopsnet";
    }
}
