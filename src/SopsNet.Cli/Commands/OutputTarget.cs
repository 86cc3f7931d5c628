using SopsNet.Cli.IO;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Commands;

/// <summary>Where a result goes: standard output, <c>--output FILE</c>, or back over the input with <c>-i</c> (always atomically).</summary>
internal static class OutputTarget
{
    public static void Check(bool inPlace, string? output, InputFile? input)
    {
        if (inPlace && output is not null)
        {
            throw new SopsException(SopsError.ConflictingParameters, "--in-place and --output cannot be used together");
        }

        if (inPlace && input is { Path: null })
        {
            throw new SopsException(SopsError.ConflictingParameters, "--in-place needs a file, not standard input");
        }
    }

    public static void Write(CliContext ctx, byte[] content, bool inPlace, string? output, InputFile input, NewFileMode newFileMode)
    {
        if (inPlace)
        {
            AtomicFile.Write(input.Path!, content, newFileMode);
            ctx.Locks.Release(input.Path!);
        }
        else if (output is not null)
        {
            AtomicFile.Write(ctx.FullPath(output), content, newFileMode);
        }
        else
        {
            ctx.StandardOutput.Write(content);
            ctx.StandardOutput.Flush();
        }
    }

    /// <summary>
    /// Memory: a result written by <paramref name="produce"/> as it is made, never held whole. A file is
    /// replaced only once it is complete; standard output shows what was made before a failure.
    /// </summary>
    public static void Write(CliContext ctx, Action<Stream> produce, bool inPlace, string? output, InputFile input, NewFileMode newFileMode)
    {
        if (inPlace)
        {
            AtomicFile.Write(input.Path!, produce, newFileMode);
            ctx.Locks.Release(input.Path!);
        }
        else if (output is not null)
        {
            AtomicFile.Write(ctx.FullPath(output), produce, newFileMode);
        }
        else
        {
            produce(ctx.StandardOutput);
            ctx.StandardOutput.Flush();
        }
    }

    /// <summary>Memory: a decrypted text printed from the buffer it was written into (standard output only).</summary>
    public static void Print(CliContext ctx, ReadOnlySpan<byte> content)
    {
        ctx.StandardOutput.Write(content);
        ctx.StandardOutput.Flush();
    }
}
