namespace SopsNet.Age;

/// <summary>
/// What age may need from the program it runs in: where to find plugins, and how to reach the user
/// (age's <c>plugin.ClientUI</c>). Filled by the caller, so this library reads no environment and
/// touches no terminal itself. The defaults find no plugin and can ask nobody.
/// </summary>
public sealed record AgeHost
{
    public static AgeHost None { get; } = new();

    /// <summary>The <c>PATH</c> value searched for <c>age-plugin-NAME</c> binaries; null finds none.</summary>
    public string? PluginSearchPath { get; init; }

    /// <summary>
    /// Asks the user for a value: (prompt, secret) → the answer, or null when nobody can be asked or the
    /// user declined. Secret values (passphrases, PINs) must not be echoed.
    /// </summary>
    public Func<string, bool, string?> RequestValue { get; init; } = (_, _) => null;

    /// <summary>
    /// Asks a yes/no question: (message, yes label, no label or null) → true for yes, false for no, null
    /// when nobody can be asked.
    /// </summary>
    public Func<string, string, string?, bool?> Confirm { get; init; } = (_, _, _) => null;

    /// <summary>Shows a message (for example "touch your YubiKey"); false when there is nowhere to show it.</summary>
    public Func<string, bool> DisplayMessage { get; init; } = _ => false;
}
