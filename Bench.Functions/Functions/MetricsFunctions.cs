using Bench.Functions.Jobs;
using Microsoft.Azure.Functions.Worker;

namespace Bench.Functions.Functions;

/// <summary><c>GET /metrics</c>: this worker's job counters and the queue depth last seen, Prometheus text.</summary>
internal sealed class MetricsFunctions(JobMetrics metrics)
{
    [Function("Metrics")]
    public IResult Metrics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics")] HttpRequest request) =>
        Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
}
