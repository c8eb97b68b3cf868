namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// What the service contract (the lead's SERVICE_CONTRACT.md) fixes for the deployment, where the app
/// cannot be asked yet. Issue 5 (webhook, queue consumer, jobs API) implements these in the app; the
/// pending lists below name what it has not brought to this branch. Once it is merged, the tests that
/// guard these lists fail until the entries are deleted, and the checks then ask the app instead.
/// </summary>
public static class Contract
{
    /// <summary>
    /// The analysis queue's default name.
    /// TODO(merge of issue 5): use Bench.Functions.Options.QueueOptions.DefaultQueue (the jobs branch has it).
    /// </summary>
    public const string AnalysisQueue = "bench.analysis";

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

    /// <summary>
    /// Settings of the contract the manifests give but local.settings.sample.json does not list yet.
    /// TODO(merge of issue 5): delete once the sample lists them (a test fails until then).
    /// </summary>
    public static readonly string[] PendingSettings =
    [
        "RabbitMQConnection", "MINIO_WEBHOOK_TOKEN", "BENCH_ANALYSIS_QUEUE", "BENCH_ANALYSIS_PREFETCH",
        "BENCH_ANALYSIS_DELIVERY_LIMIT", "BENCH_RESCAN_SCHEDULE", "BENCH_STALE_QUEUED_MINUTES", "BENCH_PRICE",
        "BENCH_CARBON", "BENCH_SHUTDOWN_SECONDS", "BENCH_TEMP_DIR",
    ];

    /// <summary>
    /// Routes of the contract the app does not serve yet (POST).
    /// TODO(merge of issue 5): delete once the api role serves them (a test fails until then).
    /// </summary>
    public static readonly string[] PendingRoutes = ["/minio-event", "/minio"];
}
