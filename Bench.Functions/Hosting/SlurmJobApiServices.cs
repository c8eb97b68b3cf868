using Bench.Functions.Jobs;
using Bench.Functions.Options;

namespace Bench.Functions.Hosting;

/// <summary>The read side of Slurm jobs (/jobs, /benchmarks, compare) and deletions.</summary>
internal static class SlurmJobApiServices
{
    public static IServiceCollection AddSlurmJobApi(this IServiceCollection services)
    {
        services.AddBenchOptions<SlurmJobOptions>();
        services.AddSingleton<SlurmJobReader>();
        services.AddSingleton<SlurmJobChangeReader>();
        services.AddSingleton<ResultDeletion>();
        return services;
    }
}
