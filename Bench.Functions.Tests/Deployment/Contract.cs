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

    /// <summary>
    /// Where the Functions host delivers its non-HTTP triggers (custom handler): POST /&lt;FunctionName&gt;.
    /// Standalone (k3s) the process runs these triggers itself; nobody outside should call them.
    /// </summary>
    public static readonly string[] TriggerRoutes = ["/AnalyzeObject", "/NightlyRescan"];

    /// <summary>Served by the app but not public: the webhook, the trigger endpoints, Prometheus metrics, dependency readiness.</summary>
    public static readonly string[] InternalRoutes = [.. WebhookRoutes, .. TriggerRoutes, "/metrics", "/readyz"];
}
