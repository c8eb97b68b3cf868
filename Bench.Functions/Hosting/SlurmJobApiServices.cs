using Bench.Functions.Jobs;

namespace Bench.Functions.Hosting;

/// <summary>The read side of Slurm jobs (/jobs, /benchmarks, compare) and deletions.</summary>
internal static class SlurmJobApiServices
{
    public static IServiceCollection AddSlurmJobApi(this IServiceCollection services)
    {
        // Reads the settle window (BENCH_JOB_SETTLE_SECONDS) from AssemblyOptions, registered with the job services.
        services.AddSingleton<SlurmJobReader>();
        services.AddSingleton<SlurmJobChangeReader>();
        services.AddSingleton<ResultDeletion>();
        return services;
    }
}
