using Bench.Functions.Jobs;
using Bench.Functions.Options;
using Bench.Functions.Queue;
using Bench.Functions.Triggers;
using Bench.Pipeline.Sinks.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bench.Functions.Hosting;

/// <summary>
/// The job pipeline's services. The analysis consumer runs as a hosted service when
/// BENCH_ANALYSIS_CONSUMER is true; the webhook's token is required only while a webhook function is
/// enabled (AzureWebJobs.MinioWebhook[Legacy].Disabled). Every worker sweeps.
/// </summary>
internal static class JobServices
{
    public static IServiceCollection AddJobServices(this IServiceCollection services, IConfiguration configuration)
    {
        var consumer = WorkerOptions.RunsAnalysisConsumer(configuration);
        services.AddSingleton(new WorkerRole(consumer));
        services.AddBenchOptions<QueueOptions>();
        services.AddBenchOptions<JobOptions>();
        services.AddBenchOptions<AssemblyOptions>();
        services.AddSingleton<JobMetrics>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<SlurmJobStatusStore>();
        services.AddSingleton<AssemblyScheduler>();
        services.AddSingleton<JobRecovery>();
        services.AddSingleton<JobResultsReader>();
        services.AddSingleton<JobSeriesStore>();
        services.AddSingleton(sp => new PostgresResultSink(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<RabbitConnections>();
        services.AddSingleton<QueueTopology>();
        services.AddSingleton<QueueDepth>();
        services.AddSingleton<JobPublisher>();
        services.AddSingleton<JobSweeper>();
        services.AddHostedService<JobStartup>();
        services.AddHostedService<JobSweeperLoop>();
        services.AddSingleton<RescanService>();

        if (!WorkerOptions.IsFunctionDisabled(configuration, "MinioWebhook") || !WorkerOptions.IsFunctionDisabled(configuration, "MinioWebhookLegacy"))
        {
            services.AddBenchOptions<WebhookOptions>();
        }

        services.AddSingleton<WebhookBatcher>();
        services.AddSingleton<WebhookService>();

        if (consumer)
        {
            services.AddBenchOptions<TariffOptions>();
            services.AddSingleton<ObjectDownloader>();
            services.AddSingleton<ObjectCache>();
            services.AddSingleton<ObjectAnalyzer>();
            services.AddSingleton<SlurmJobAssembler>();
            services.AddHostedService<AnalysisConsumer>();

            // SIGTERM: the job in hand gets BENCH_SHUTDOWN_SECONDS, and the host must wait that long.
            services.AddOptions<HostOptions>().Configure<IOptions<JobOptions>>((host, jobs) =>
                host.ShutdownTimeout = jobs.Value.ShutdownGrace + TimeSpan.FromSeconds(15));
        }

        return services;
    }
}

/// <summary>Whether this worker consumes the analysis queue (BENCH_ANALYSIS_CONSUMER).</summary>
internal sealed record WorkerRole(bool RunsAnalysisConsumer);
