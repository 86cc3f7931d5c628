using System.Globalization;
using System.Text;
using SopsNet.Age;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Keys;

/// <summary>
/// age identity files as <c>age-keygen</c> writes them: a "# created:" and a "# public key:" comment, then
/// the <c>AGE-SECRET-KEY-1…</c> line. age, sops and sopsnet all skip the comment lines when reading.
/// </summary>
internal static class AgeKeyFile
{
    public const string PublicKeyComment = "# public key: ";

    /// <summary>The file's text for <paramref name="identity"/>; the creation time is RFC 3339, as age-keygen prints it.</summary>
    public static string Format(X25519Identity identity, DateTimeOffset created) =>
        "# created: " + created.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture).Replace("+00:00", "Z", StringComparison.Ordinal) + "\n" +
        PublicKeyComment + identity.Recipient.Text + "\n" +
        identity.ToSecretString() + "\n";

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parent directories, 0700) holding a new identity, owner-only
    /// (0600) from the first byte: like age-keygen it opens the file exclusively, so an existing key is never
    /// overwritten, even by a race.
    /// </summary>
    public static X25519Identity Create(string path, DateTimeOffset created)
    {
        var identity = X25519Identity.Generate();
        var bytes = Encoding.UTF8.GetBytes(Format(identity, created));
        try
        {
            if (Path.GetDirectoryName(path) is { Length: > 0 } dir && !Directory.Exists(dir))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(dir);
                }
                else
                {
                    Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(path, options);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new SopsException(SopsError.CouldNotWriteOutputFile, $"{path}: already exists; an existing key is never overwritten (remove it first, or choose another file)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SopsException(SopsError.CouldNotWriteOutputFile, $"{path}: cannot create the key file: {e.Message}");
        }

        return identity;
    }

    /// <summary>
    /// The recipient of the first native identity in identity text, or null when it holds none (plugin or
    /// SSH identities only, or a passphrase-protected file, whose recipient cannot be read without the passphrase).
    /// </summary>
    public static string? FirstRecipient(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("AGE-SECRET-KEY-1", StringComparison.Ordinal))
            {
                try
                {
                    return X25519Identity.Parse(line).Recipient.Text;
                }
                catch (AgeException)
                {
                    // The loader reports a malformed identity when the file is used; here it is just not usable.
                }
            }
        }

        return null;
    }
}
