using SopsNet.Documents;
using SopsNet.Cli.Commands;
using SopsNet.Files.Config;
using SopsNet.Stores;
using SopsNet.Stores.Json;
using SopsNet.Tree;

namespace SopsNet.Cli.Git;

/// <summary>
/// <c>sopsnet decrypt --textconv FILE</c>, the git diff driver: git runs it on every blob a diff shows,
/// and a failing textconv aborts the whole <c>git diff</c> or <c>git log -p</c>. So a file that is not
/// encrypted prints unchanged, and an encrypted file that does not decrypt (no key, bad mac) prints one
/// marker line instead of its content; both exit 0. Plain <c>decrypt</c> keeps sops's exit 1
/// ("metadata not found") because scripts rely on it to tell encrypted files from others.
/// </summary>
internal static class Textconv
{
    public const string MarkerPrefix = "# sopsnet: cannot decrypt: ";

    public static async Task<int> RunAsync(DecryptCommand.Options o, CliContext ctx, CancellationToken ct)
    {
        InputFile input;
        try
        {
            input = InputFile.Read(ctx, o.Files.File, o.Files.FilenameOverride);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing to show in place of a file that cannot be read: that is a real error.
            return new Output.Reporter(ctx.StandardError).Fail(e, o.Files.File);
        }

        var metadata = Metadata(input.Content, o.Files.InputType ?? EncryptedFormat.Detect(FileFormats.FromName(input.NameForRules), input.Content));
        if (metadata is null)
        {
            Write(ctx, input.Content);
            return 0;
        }

        // The real decrypt, on the bytes already read, with its output captured: on failure its error
        // message (which never holds a value) becomes the marker.
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var inner = ctx with { StandardInput = new MemoryStream(input.Content), StandardOutput = stdout, StandardError = stderr, StandardErrorIsTerminal = false };
        var code = await DecryptCommand.RunAsync(o with { Textconv = false }, inner, ct).ConfigureAwait(false);
        if (code == 0)
        {
            Write(ctx, stdout.ToArray());
            ctx.StandardError.Write(stderr.ToString());
            return 0;
        }

        Write(ctx, System.Text.Encoding.UTF8.GetBytes(MarkerPrefix + Reason(stderr.ToString(), input.DisplayName) + " " + Version(metadata) + "\n"));
        return 0;
    }

    /// <summary>The sops metadata when the content parses in its format and carries it; null for a file that is not encrypted.</summary>
    private static Mapping? Metadata(byte[] content, string type) =>
        // sops's binary format is a JSON document with the data and the sops block; the binary store also
        // reads the YAML wrapper sops writes for a binary file with --output-type yaml.
        (type == "binary" ? Metadata(new JsonStore(-1), content) : null) ?? Metadata(FileFormats.Create(type), content);

    private static Mapping? Metadata(IStore store, byte[] content)
    {
        try
        {
            return store.Parse(content).Metadata;
        }
        catch (SopsException)
        {
            return null;
        }
    }

    /// <summary>
    /// What changes whenever the file's values do: its lastmodified and a short hash of its (encrypted) mac.
    /// Without them every version of a file shows the same marker, and <c>git log -p</c> shows no change at
    /// all for a commit that changed a secret. Both are in the file in clear already; the hash just keeps
    /// the line short.
    /// </summary>
    private static string Version(Mapping metadata)
    {
        var lastModified = (metadata["lastmodified"] as Scalar)?.Text ?? "unknown";
        var mac = (metadata["mac"] as Scalar)?.Text ?? "";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(mac)))[..12];
        return $"[lastmodified {lastModified}, mac {hash}]";
    }

    private static string Reason(string stderr, string file)
    {
        const string errorPrefix = "sopsnet: error: ";
        var line = stderr.Split('\n').FirstOrDefault(l => l.StartsWith(errorPrefix, StringComparison.Ordinal))?[errorPrefix.Length..].Trim() ?? "unknown error";
        return line.StartsWith(file + ": ", StringComparison.Ordinal) ? line[(file.Length + 2)..] : line;
    }

    private static void Write(CliContext ctx, byte[] content)
    {
        ctx.StandardOutput.Write(content);
        ctx.StandardOutput.Flush();
    }
}
