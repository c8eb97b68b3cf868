using Bench.Functions.Cli;
using Bench.Functions.Hosting;
using Bench.Functions.Hosting.Middleware;
using Microsoft.Azure.Functions.Worker.Builder;

// CLI verbs run the CLI; anything else (the Functions host passes --functions-uri ...) starts the worker.
if (CliApp.IsCommand(args))
{
    return await CliApp.RunAsync(args).ConfigureAwait(false);
}

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseBenchMiddleware();
builder.Services.AddBenchWorker(builder.Configuration);
builder.Logging.AddBenchLogging(builder.Configuration);
return await WorkerStart.RunAsync(builder.Build()).ConfigureAwait(false);
