using System.Text;

namespace SopsNet.Cli.Output;

/// <summary>
/// Reads answers from the terminal (the console's stdin, prompts on stderr). Callers check there is a
/// terminal first (<see cref="UserPrompt"/>).
/// </summary>
internal static class TerminalPrompt
{
    /// <summary>Reads a line without echo (passphrases, PINs).</summary>
    public static string ReadSecret(string prompt)
    {
        Console.Error.Write($"{prompt} ");
        var sb = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (sb.Length > 0)
                {
                    sb.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                sb.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return sb.ToString();
    }

    /// <summary>Reads a line with echo (public values); null at end of input.</summary>
    public static string? ReadLine(string prompt)
    {
        Console.Error.Write($"{prompt} ");
        return Console.ReadLine();
    }

    /// <summary>Reads one key without echo, for a choice such as [1]/[2].</summary>
    public static char ReadChoice(string prompt)
    {
        Console.Error.Write($"{prompt} ");
        var key = Console.ReadKey(intercept: true);
        Console.Error.WriteLine();
        return key.KeyChar;
    }
}
