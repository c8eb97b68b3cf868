using Bench.Functions.Jobs;

namespace Bench.Functions.Functions;

/// <summary><c>GET /metrics</c>: this process's job counters in Prometheus text format.</summary>
internal static class MetricsFunctions
{
    public static IEndpointRouteBuilder MapMetricsFunctions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/metrics", (JobMetrics metrics) => Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"))
            .WithName("Metrics").WithTags("Health")
            .WithSummary("Job counters (accepted, succeeded, failed, retried) and the queue depth last seen, Prometheus text.");
        return routes;
    }
}
