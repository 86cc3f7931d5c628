using System.CommandLine;
using System.CommandLine.Parsing;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Parsing;

/// <summary>
/// Command-line mistakes, reported before anything runs: one line on stderr naming the option and the
/// nearest real one, exit 1, and nothing on stdout (System.CommandLine would print the whole help there,
/// into the file a user redirects output to). An unknown option never becomes a file name: System.CommandLine
/// hands a token like <c>--in-plcae</c> to a file argument when one is free.
/// </summary>
internal static class UsageErrors
{
    /// <summary>The exit code when <paramref name="result"/> has a mistake (reported), else null.</summary>
    public static int? Check(ParseResult result, TextWriter stderr)
    {
        var reporter = new Reporter(stderr);
        var command = result.CommandResult;
        if (UnknownOptions(result).FirstOrDefault() is { } unknown)
        {
            reporter.Error(UnknownOption(unknown, Name(command), OptionNames(command)));
            return 1;
        }

        if (result.Errors.Count > 0)
        {
            var message = result.Errors[0].Message.TrimEnd('.');
            message = message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "invalid arguments";
            var where = Name(command);
            reporter.Error(where is null ? message : $"{where}: {message}");
            return 1;
        }

        return null;
    }

    public static string UnknownOption(string option, string? command, IEnumerable<string> known)
    {
        var message = command is null ? $"unknown option '{option}'" : $"unknown option '{option}' for {command}";
        return Suggestion.Nearest(option, known) is { } near
            ? $"{message}; did you mean '{near}'?"
            : $"{message}; see '{(command is null ? "" : command + " ")}--help'";
    }

    /// <summary>
    /// Tokens that look like options but matched none: left over, or taken as a command's argument. Tokens
    /// after <c>--</c>, negative numbers (a <c>set</c> value) and a lone <c>-</c> are arguments.
    /// </summary>
    private static IEnumerable<string> UnknownOptions(ParseResult result)
    {
        var tokens = result.Tokens.ToList();
        var end = tokens.FindIndex(t => t.Type == TokenType.DoubleDash);
        var optionValues = Chain(result.CommandResult).SelectMany(c => c.Children.OfType<OptionResult>()).SelectMany(o => o.Tokens).ToList();
        for (var i = 0; i < (end < 0 ? tokens.Count : end); i++)
        {
            var token = tokens[i];
            if (token.Type == TokenType.Argument && LooksLikeOption(token.Value) && !optionValues.Any(v => ReferenceEquals(v, token)))
            {
                yield return token.Value.Split('=')[0];
            }
        }
    }

    private static bool LooksLikeOption(string value) =>
        value.Length > 1 && value[0] == '-' && !char.IsAsciiDigit(value[1]) && value[1] != '.';

    private static IEnumerable<CommandResult> Chain(CommandResult command)
    {
        for (SymbolResult? r = command; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                yield return c;
            }
        }
    }

    /// <summary>"decrypt", "groups add"; null for the root.</summary>
    private static string? Name(CommandResult command)
    {
        var names = Chain(command).Select(c => c.Command).Where(c => c is not RootCommand).Select(c => c.Name).Reverse().ToList();
        return names.Count == 0 ? null : string.Join(' ', names);
    }

    private static IEnumerable<string> OptionNames(CommandResult command)
    {
        var own = command.Command.Options;
        var inherited = Chain(command).Skip(1).SelectMany(c => c.Command.Options).Where(o => o.Recursive);
        return own.Concat(inherited).SelectMany(o => o.Aliases.Prepend(o.Name));
    }
}
