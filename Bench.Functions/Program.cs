using Bench.Functions.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
