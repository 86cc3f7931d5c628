namespace SopsNet.Cli.Output;

/// <summary>
/// Asks the user for passphrases, PINs and confirmations (protected key files, age plugins) as OpenSSH's
/// read_passphrase does: on the terminal, or through the <c>SSH_ASKPASS</c> program when there is no
/// terminal (and a display is set) or when <c>SSH_ASKPASS_REQUIRE=force</c> (<c>prefer</c> and
/// <c>never</c> work as in OpenSSH). sops itself only knows the terminal.
/// </summary>
internal sealed class UserPrompt(CliContext ctx)
{
    // Key services run concurrently; two prompts at once would interleave on the terminal.
    private static readonly Lock Gate = new();

    /// <summary>The answer, or null when nobody can be asked or the user cancelled.</summary>
    public string? RequestValue(string prompt, bool secret)
    {
        lock (Gate)
        {
            if (AskPass() is { } program)
            {
                return AskPassProgram.Ask(program, prompt);
            }

            if (!HasTerminal)
            {
                return null;
            }

            return secret ? TerminalPrompt.ReadSecret(prompt) : TerminalPrompt.ReadLine(prompt);
        }
    }

    /// <summary>
    /// True for yes, false for no, null when nobody can be asked. With askpass, yes is an exit code of 0
    /// with an empty or "yes" answer (as ssh-agent reads it); anything else is no when there is a no
    /// option, and "cannot answer" when there is not.
    /// </summary>
    public bool? Confirm(string message, string yes, string? no)
    {
        lock (Gate)
        {
            var choices = no is null ? $"(\"{yes}\")" : $"(yes: \"{yes}\", no: \"{no}\")";
            if (AskPass() is { } program)
            {
                var answer = AskPassProgram.Ask(program, $"{message} {choices}", confirm: true);
                return answer is "" || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase) ? true : no is null ? null : false;
            }

            if (!HasTerminal)
            {
                return null;
            }

            // age's terminal UI: Enter when there is only one option, else a key for each.
            if (no is null)
            {
                TerminalPrompt.ReadSecret($"{message} (press enter for \"{yes}\")");
                return true;
            }

            while (true)
            {
                switch (TerminalPrompt.ReadChoice($"{message} (press [1] for \"{yes}\" or [2] for \"{no}\")"))
                {
                    case '1':
                        return true;
                    case '2':
                        return false;
                }
            }
        }
    }

    /// <summary>Shows a message on stderr (a plugin asking for a touch, for example).</summary>
    public bool DisplayMessage(string message)
    {
        lock (Gate)
        {
            ctx.StandardError.WriteLine($"sopsnet: {message}");
            return true;
        }
    }

    /// <summary>
    /// A terminal is the real console (not a test's or a pipe's streams) with stdin and stderr attached,
    /// which is what <see cref="TerminalPrompt"/> reads and writes.
    /// </summary>
    private bool HasTerminal =>
        ctx.StandardErrorIsTerminal && !Console.IsInputRedirected;

    /// <summary>
    /// OpenSSH's readpass.c rules for when the askpass program answers instead of the terminal, with one
    /// difference: with no terminal at all, SSH_ASKPASS is used even without DISPLAY. OpenSSH wants a display
    /// because its askpass programs are GUI dialogs; a CI job or a git hook has neither a terminal nor a
    /// display, and there the askpass program is the only way to give the passphrase at all.
    /// SSH_ASKPASS_REQUIRE=never still turns it off.
    /// </summary>
    private string? AskPass()
    {
        var allow = ctx.Env("DISPLAY") is not null || ctx.Env("WAYLAND_DISPLAY") is not null || !HasTerminal;
        var use = false;
        switch (ctx.Env("SSH_ASKPASS_REQUIRE")?.ToLowerInvariant())
        {
            case "force":
                use = allow = true;
                break;
            case "prefer":
                use = allow;
                break;
            case "never":
                allow = false;
                break;
        }

        use |= !HasTerminal;
        return use && allow ? ctx.Env("SSH_ASKPASS") : null;
    }
}
