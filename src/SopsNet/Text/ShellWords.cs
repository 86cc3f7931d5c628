using System.Text;

namespace SopsNet.Text;

/// <summary>
/// Splits a command line into words like a POSIX shell does for quoting (sops uses google/shlex for
/// SOPS_AGE_KEY_CMD): no variables, globbing or pipes; the command is run directly.
/// </summary>
public static class ShellWords
{
    public static IReadOnlyList<string> Split(string commandLine)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            if (c == '#' && !inWord)
            {
                // shlex: a word starting with # begins a comment to the end of the line.
                while (i < commandLine.Length && commandLine[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\\':
                    if (++i >= commandLine.Length)
                    {
                        throw new FormatException("age: unterminated escape at the end of the command");
                    }

                    word.Append(commandLine[i]);
                    break;
                case '\'':
                {
                    var end = commandLine.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException("age: unterminated single quote in the command");
                    }

                    word.Append(commandLine, i + 1, end - i - 1);
                    i = end;
                    break;
                }

                case '"':
                    for (i++; ; i++)
                    {
                        if (i >= commandLine.Length)
                        {
                            throw new FormatException("age: unterminated double quote in the command");
                        }

                        if (commandLine[i] == '"')
                        {
                            break;
                        }

                        if (commandLine[i] == '\\' && i + 1 < commandLine.Length && "\\\"$`\n".Contains(commandLine[i + 1]))
                        {
                            i++;
                        }

                        word.Append(commandLine[i]);
                    }

                    break;
                default:
                    word.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
