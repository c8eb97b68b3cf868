namespace Bench.Functions.Hosting;

/// <summary>
/// The worker's services for a CLI command (migrate, rescan): a plain generic host that is built but
/// never started, logging to the console. Options are validated when a command first uses them.
/// </summary>
internal static class CliHost
{
    public static IHost Build(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddBenchLogging(builder.Configuration);
        builder.Services.AddBenchWorker(builder.Configuration);
        configure?.Invoke(builder);
        return builder.Build();
    }
}
