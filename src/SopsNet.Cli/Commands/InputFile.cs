using SopsNet.Cli.Output;

namespace SopsNet.Cli.Commands;

/// <summary>The file a command reads: its bytes and the name used for messages, format detection and creation rules.</summary>
internal sealed record InputFile(string? Path, string DisplayName, string NameForRules, byte[] Content)
{
    /// <summary>False for a file named but not read (<see cref="Unread"/>): Content is empty, the file is at Path.</summary>
    public bool IsRead { get; init; } = true;

    /// <summary>
    /// Memory: the existing file <paramref name="path"/>, left to be read piece by piece (see
    /// <see cref="FileJob.TryDecryptTextAsync"/>) instead of whole.
    /// </summary>
    public static InputFile Unread(CliContext ctx, string path, string? filenameOverride) =>
        new(ctx.FullPath(path), path, ctx.FullPath(filenameOverride ?? path), []) { IsRead = false };

    /// <summary>
    /// Reads <paramref name="path"/>, or standard input when it is null. <paramref name="forUpdate"/>: the
    /// command will write the file back, so it is locked first (waiting for another sopsnet changing it)
    /// and stays locked until it is written or the command ends.
    /// </summary>
    public static InputFile Read(CliContext ctx, string? path, string? filenameOverride, bool forUpdate = false)
    {
        if (path is null)
        {
            using var buffer = new MemoryStream();
            ctx.StandardInput.CopyTo(buffer);
            return new InputFile(null, filenameOverride ?? "(stdin)", ctx.FullPath(filenameOverride ?? "stdin"), buffer.ToArray());
        }

        var full = ctx.FullPath(path);
        if (!File.Exists(full))
        {
            // sops reads the file and fails with exit 2 (cmd/sops/common/common.go LoadEncryptedFileEx);
            // the commands where sops checks first and exits 100 check before this.
            throw new SopsException(SopsError.CouldNotReadInputFile, "no such file");
        }

        try
        {
            var held = forUpdate
                ? ctx.Locks.Acquire(full, () => new Reporter(ctx.StandardError).Note($"{path}: waiting for another sopsnet that is changing this file"))
                : null;
            return new InputFile(full, path, ctx.FullPath(filenameOverride ?? path), held?.ReadAll() ?? File.ReadAllBytes(full));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SopsException(SopsError.CouldNotReadInputFile, $"cannot read: {e.Message}");
        }
    }
}
