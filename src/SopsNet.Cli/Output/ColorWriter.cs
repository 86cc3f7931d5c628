using System.Text;

namespace SopsNet.Cli.Output;

/// <summary>
/// Standard error on a terminal: the "sopsnet: error:" and "sopsnet: warning:" prefixes in red and yellow,
/// so they stand out among a command's other output. Everything else passes through unchanged, and only the
/// prefix is coloured, so a message copied from the terminal reads the same.
/// </summary>
internal sealed class ColorWriter(TextWriter inner) : TextWriter
{
    private const string ErrorPrefix = "sopsnet: error:";
    private const string WarningPrefix = "sopsnet: warning:";
    private const string Reset = "\u001b[0m";

    public override Encoding Encoding => inner.Encoding;

    /// <summary>
    /// Colour only for a terminal, and not when the user said no: <c>--no-color</c> anywhere before a
    /// <c>--</c>, or <c>NO_COLOR</c> set to anything non-empty (no-color.org), or <c>TERM=dumb</c>. The flag
    /// is read from the raw arguments because errors about the arguments themselves come before parsing.
    /// </summary>
    public static bool Wanted(CliContext ctx, IReadOnlyList<string> args) =>
        ctx.StandardErrorIsTerminal
        && ctx.Env("NO_COLOR") is null
        && ctx.Env("TERM") != "dumb"
        && !args.TakeWhile(a => a != "--").Contains("--no-color");

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(value);

    public override void WriteLine(string? value)
    {
        if (value is not null && value.StartsWith(ErrorPrefix, StringComparison.Ordinal))
        {
            inner.WriteLine("\u001b[1;31m" + ErrorPrefix + Reset + value[ErrorPrefix.Length..]);
        }
        else if (value is not null && value.StartsWith(WarningPrefix, StringComparison.Ordinal))
        {
            inner.WriteLine("\u001b[33m" + WarningPrefix + Reset + value[WarningPrefix.Length..]);
        }
        else
        {
            inner.WriteLine(value);
        }
    }

    public override void Flush() => inner.Flush();
}
