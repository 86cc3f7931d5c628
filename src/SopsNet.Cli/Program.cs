using SopsNet.Cli;

return await SopsCli.RunAsync(args, CliContext.FromProcess());
