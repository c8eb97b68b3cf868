namespace Bench.Functions.Tests.Deployment;

/// <summary>What the service contract fixes for the deployment: names the manifests and the app must share.</summary>
public static class Contract
{
    /// <summary>The analysis queue's default name, as the app declares it.</summary>
    public const string AnalysisQueue = Bench.Functions.Options.QueueOptions.DefaultQueue;

    /// <summary>BENCH_SHUTDOWN_SECONDS when not set.</summary>
    public const int DefaultShutdownSeconds = 300;

    /// <summary>MinIO's webhook routes: the primary one MinIO is pointed at, and the legacy one.</summary>
    public static readonly string[] WebhookRoutes = ["/minio-event", "/minio"];

    /// <summary>Served by the app but not public: the webhook, Prometheus metrics, dependency readiness.</summary>
    public static readonly string[] InternalRoutes = [.. WebhookRoutes, "/metrics", "/readyz"];
}
