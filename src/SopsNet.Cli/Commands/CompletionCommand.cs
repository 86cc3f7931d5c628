using System.CommandLine;
using System.Text;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet completion bash|zsh|fish|pwsh</c>: a shell completion script. sops ships bash and zsh
/// scripts; these ask the program itself for completions through System.CommandLine's <c>[suggest]</c>
/// directive, so they follow every command and option without being regenerated.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("completion", "print a shell completion script (load it with: source <(sopsnet completion bash))");
        foreach (var shell in new[] { "bash", "zsh", "fish", "pwsh" })
        {
            var sub = new Command(shell, $"completions for {shell}");
            sub.SetAction(_ =>
            {
                ctx.StandardOutput.Write(Encoding.UTF8.GetBytes(Script(shell, ctx.ProgramName)));
                ctx.StandardOutput.Flush();
                return 0;
            });
            command.Subcommands.Add(sub);
        }

        return command;
    }

    /// <summary>
    /// The directive takes the command line (without the program's name, which may be a symlink's) and
    /// the cursor's offset in it.
    /// </summary>
    public static string Script(string shell, string program) => shell switch
    {
        "bash" => $$"""
            # bash completion for {{program}}: source <({{program}} completion bash)
            _{{Id(program)}}_complete() {
                local IFS=$'\n'
                local line="${COMP_LINE:0:COMP_POINT}"
                line="${line#"${COMP_WORDS[0]}"}"
                line="${line#"${line%%[![:space:]]*}"}"
                local candidates
                candidates=$({{program}} "[suggest:${#line}]" "${line}" 2>/dev/null)
                COMPREPLY=($(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}"))
            }
            complete -o default -o bashdefault -F _{{Id(program)}}_complete {{program}}

            """,
        "zsh" => $$"""
            #compdef {{program}}
            # zsh completion for {{program}}: source <({{program}} completion zsh)
            _{{Id(program)}}_complete() {
                local line="${BUFFER[1,CURSOR]}"
                line="${line#"${words[1]}"}"
                line="${line##[[:space:]]#}"
                local -a candidates
                candidates=("${(@f)$({{program}} "[suggest:${#line}]" "${line}" 2>/dev/null)}")
                if [[ -n "${candidates[1]}" ]]; then
                    compadd -a candidates
                else
                    _files
                fi
            }
            compdef _{{Id(program)}}_complete {{program}}

            """,
        "fish" => $$"""
            # fish completion for {{program}}: {{program}} completion fish | source
            function __{{Id(program)}}_complete
                set -l line (string replace -r '^\S+\s*' '' -- (commandline -cp))
                {{program}} "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
            end
            complete -c {{program}} -f -a '(__{{Id(program)}}_complete)'

            """,
        _ => $$"""
            # PowerShell completion for {{program}}: {{program}} completion pwsh | Out-String | Invoke-Expression
            Register-ArgumentCompleter -Native -CommandName {{program}} -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                $text = $commandAst.ToString()
                $end = [Math]::Min($cursorPosition - $commandAst.Extent.StartOffset, $text.Length)
                $line = $text.Substring(0, $end).Substring($commandAst.CommandElements[0].Extent.Text.Length).TrimStart()
                & {{program}} "[suggest:$($line.Length)]" "$line" 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }

            """,
    };

    private static string Id(string program) => new(program.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
