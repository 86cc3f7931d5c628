using System.Text;

namespace SopsNet.Cli.Output;

/// <summary>Asks for a passphrase on the terminal without echo; returns null when there is no terminal to ask.</summary>
public static class TerminalPrompt
{
    public static string? AskPassphrase(string source)
    {
        if (Console.IsInputRedirected || Console.IsErrorRedirected)
        {
            return null;
        }

        Console.Error.Write($"sopsnet: enter the passphrase for {source}: ");
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
}
