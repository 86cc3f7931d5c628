using SopsNet.Text;
using System.ComponentModel;
using System.Diagnostics;

namespace SopsNet.Age;

/// <summary>Gathers age identities from every configured source, as sops 3.13 does (docs/format.md §8.2).</summary>
public static class AgeIdentityLoader
{
    /// <summary>
    /// Reads the files and runs the commands named in <paramref name="sources"/>. Explicitly named sources
    /// that fail become <see cref="AgeIdentityLoadResult.Errors"/>; absent default files are skipped.
    /// <paramref name="host"/> answers passphrase prompts (protected identity files and ssh keys) and runs
    /// plugins for plugin identities.
    /// </summary>
    public static AgeIdentityLoadResult Load(AgeIdentitySources sources, AgeHost? host = null)
    {
        var identities = new List<IAgeIdentity>();
        var errors = new List<string>();
        var notFound = new List<string>();

        void Use(string source, Func<IEnumerable<IAgeIdentity>> parse)
        {
            try
            {
                identities.AddRange(parse());
            }
            catch (AgeException ex)
            {
                errors.Add($"{source}: {ex.Message}");
            }
        }

        // SSH sources first, then age sources, as sops collects them; the order does not change the
        // outcome because every identity is tried against every stanza.
        if (sources.SshPrivateKeyFile is { } sshFile)
        {
            if (TryRead(sshFile, "SOPS_AGE_SSH_PRIVATE_KEY_FILE", errors) is { } text)
            {
                Use("SOPS_AGE_SSH_PRIVATE_KEY_FILE", () => [AgeIdentities.ParseSshPrivateKey(text, sshFile, host)]);
            }
        }
        else
        {
            notFound.Add("SOPS_AGE_SSH_PRIVATE_KEY_FILE");
        }

        if (sources.SshPrivateKeyCommand is { } sshCommand)
        {
            if (TryRun(sshCommand, "SOPS_AGE_SSH_PRIVATE_KEY_CMD", sources.Recipient, errors) is { } output)
            {
                Use("SOPS_AGE_SSH_PRIVATE_KEY_CMD", () => [AgeIdentities.ParseSshPrivateKey(output, "output of SOPS_AGE_SSH_PRIVATE_KEY_CMD", host)]);
            }
        }

        foreach (var path in sources.DefaultSshKeyFiles)
        {
            if (!File.Exists(path))
            {
                notFound.Add(path);
            }
            else if (TryRead(path, null, errors) is { } text)
            {
                Use(path, () => [AgeIdentities.ParseSshPrivateKey(text, path, host)]);
            }
        }

        if (sources.Key is { } key)
        {
            Use("SOPS_AGE_KEY", () => AgeIdentities.ParseKeyFile(key, "SOPS_AGE_KEY", host));
        }
        else
        {
            notFound.Add("SOPS_AGE_KEY");
        }

        if (sources.KeyFile is { } keyFile)
        {
            if (TryRead(keyFile, "SOPS_AGE_KEY_FILE", errors) is { } text)
            {
                Use("SOPS_AGE_KEY_FILE", () => AgeIdentities.ParseKeyFile(text, keyFile, host));
            }
        }
        else
        {
            notFound.Add("SOPS_AGE_KEY_FILE");
        }

        if (sources.KeyCommand is { } keyCommand)
        {
            if (TryRun(keyCommand, "SOPS_AGE_KEY_CMD", sources.Recipient, errors) is { } output)
            {
                Use("SOPS_AGE_KEY_CMD", () => AgeIdentities.ParseKeyFile(output, "output of SOPS_AGE_KEY_CMD", host));
            }
        }
        else
        {
            notFound.Add("SOPS_AGE_KEY_CMD");
        }

        if (sources.DefaultKeyFile is { } defaultFile)
        {
            if (!File.Exists(defaultFile))
            {
                notFound.Add(defaultFile);
            }
            else if (TryRead(defaultFile, null, errors) is { } text)
            {
                Use(defaultFile, () => AgeIdentities.ParseKeyFile(text, defaultFile, host));
            }
        }

        return new AgeIdentityLoadResult(identities, errors, notFound);
    }

    private static string? TryRead(string path, string? variable, List<string> errors)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied",
                _ => ex.Message,
            };
            errors.Add(variable is null
                ? $"cannot read age key file {path}: {reason}"
                : $"cannot read {variable} file {path}: {reason}");
            return null;
        }
    }

    /// <summary>Runs the command directly (no shell); its stdin and stderr stay the terminal's so it can prompt.</summary>
    private static string? TryRun(string commandLine, string variable, string? recipient, List<string> errors)
    {
        IReadOnlyList<string> words;
        try
        {
            words = ShellWords.Split(commandLine);
        }
        catch (FormatException ex)
        {
            errors.Add($"cannot parse {variable} command \"{commandLine}\": {ex.Message}");
            return null;
        }

        if (words.Count == 0)
        {
            errors.Add($"{variable} is set but empty");
            return null;
        }

        var info = new ProcessStartInfo(words[0]) { RedirectStandardOutput = true, UseShellExecute = false };
        if (recipient is not null)
        {
            info.Environment["SOPS_AGE_RECIPIENT"] = recipient;
        }

        foreach (var arg in words.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                errors.Add($"{variable} command \"{commandLine}\" failed with exit code {process.ExitCode}");
                return null;
            }

            return output;
        }
        catch (Win32Exception ex)
        {
            errors.Add($"cannot run {variable} command \"{commandLine}\": {ex.Message}");
            return null;
        }
    }
}
