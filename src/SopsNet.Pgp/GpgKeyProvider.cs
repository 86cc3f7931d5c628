using System.Diagnostics;
using System.Text;
using SopsNet.Keys;
using SopsNet.Values;

namespace SopsNet.Pgp;

/// <summary>
/// PGP master keys through the <c>gpg</c> binary, exactly as sops falls back to it: agent-held,
/// passphrase-protected and smartcard keys work because gpg does the work. The arguments are sops's, so
/// files are interchangeable. <see cref="PgpKeyProvider"/> tries BouncyCastle first and falls back to this.
/// </summary>
public sealed class GpgKeyProvider(string gpgExecutable, IReadOnlyDictionary<string, string> environment, TimeProvider clock) : IKeyProvider
{
    public string Type => "pgp";

    public string Describe(MasterKey key) => key.Field("fp") ?? "(no fingerprint)";

    public async Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
    {
        var fp = key.Field("fp")?.Replace(" ", "", StringComparison.Ordinal) ?? throw new KeyUnwrapException("the pgp key has no fingerprint");
        var trusted = fp.TrimEnd('!');
        trusted = trusted.Length > 16 ? trusted[^16..] : trusted;
        var output = await RunAsync(
            ["--no-default-recipient", "--yes", "--encrypt", "-a", "-r", fp, "--trusted-key", trusted, "--no-encrypt-to"],
            dataKey.ToArray(), $"gpg could not encrypt for {fp}", cancellationToken).ConfigureAwait(false);

        // sops trims gpg's output, so current files carry no trailing newline after the armor.
        var armored = Encoding.UTF8.GetString(output).Trim();
        return key.With("created_at", GoTime.FromUtc(clock.GetUtcNow()).ToString()).With("enc", armored);
    }

    public async Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken)
    {
        var fp = Describe(key);
        var plain = await RunAsync(["-d"], Encoding.UTF8.GetBytes(key.Enc), $"gpg could not decrypt the key for {fp}", cancellationToken).ConfigureAwait(false);

        // Old GnuPG silently drops packets it cannot read and prints nothing; sops treats that as failure.
        return plain.Length > 0 ? plain : throw new KeyUnwrapException($"gpg returned no data for {fp}");
    }

    private async Task<byte[]> RunAsync(IReadOnlyList<string> arguments, byte[] input, string failure, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(gpgExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--batch");
        start.ArgumentList.Add("--quiet");
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new KeyUnwrapException($"{failure}: could not start {gpgExecutable}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // The native error alone ("no such file or directory"): .NET's message adds the working directory.
            var reason = new System.ComponentModel.Win32Exception(e.NativeErrorCode).Message.ToLowerInvariant();
            throw new KeyUnwrapException($"{failure}: could not run {gpgExecutable} (set SOPS_GPG_EXEC to the gpg binary): {reason}");
        }

        using (process)
        {
            var stdout = new MemoryStream();
            var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken);
            var readErr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // gpg exited without reading its input; its exit code and stderr below say why.
            }
            await copyOut.ConfigureAwait(false);
            var stderr = await readErr.ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new KeyUnwrapException($"{failure}: {OneLine(stderr)}");
            }

            return stdout.ToArray();
        }
    }

    /// <summary>gpg's complaints on one line ("decryption failed: no secret key"; several lines joined).</summary>
    private static string OneLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.StartsWith("gpg: ", StringComparison.Ordinal) ? l[5..] : l)
            .Select(l => l.TrimEnd('.').ToLowerInvariant())
            .Distinct()
            .ToList();
        return lines.Count > 0 ? string.Join("; ", lines) : "no message";
    }
}
