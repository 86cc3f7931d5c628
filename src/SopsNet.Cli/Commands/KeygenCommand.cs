using System.CommandLine;
using System.Text;
using SopsNet.Age;
using SopsNet.Cli.Keys;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet keygen [-o FILE]</c>: a new age X25519 identity in age-keygen's file format, so getting
/// started needs no other tool. Like age-keygen, the public key also goes to stderr (where a script that
/// redirects stdout still sees it) and <c>-o</c> never overwrites a file.
/// </summary>
internal sealed class KeygenCommand
{
    private static readonly Option<string?> Output = new("--output", "-o") { Description = "write the identity to this new file (0600; an existing file is never overwritten) instead of stdout" };

    public static Command Create(CliContext ctx)
    {
        var command = new Command("keygen", "create an age identity (X25519), in the same format as age-keygen");
        command.Options.Add(Output);
        command.SetAction((result, _) => Task.FromResult(Run(result.GetValue(Output), ctx)));
        return command;
    }

    public static int Run(string? output, CliContext ctx)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            X25519Identity identity;
            if (output is null)
            {
                identity = X25519Identity.Generate();
                ctx.StandardOutput.Write(Encoding.UTF8.GetBytes(AgeKeyFile.Format(identity, ctx.Clock.GetLocalNow())));
                ctx.StandardOutput.Flush();
            }
            else
            {
                identity = AgeKeyFile.Create(ctx.FullPath(output), ctx.Clock.GetLocalNow());
            }

            ctx.StandardError.WriteLine("Public key: " + identity.Recipient.Text);
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, null);
        }
    }
}
