namespace Bench.Functions.Options;

/// <summary>
/// RabbitMQ: the <c>RabbitMQConnection</c> connection setting (the Functions host reads the same name)
/// and the analysis queue, BENCH_ANALYSIS_QUEUE / _PREFETCH / _DELIVERY_LIMIT.
/// </summary>
internal sealed class QueueOptions : IBenchOptions
{
    public const string ConnectionSetting = "RabbitMQConnection";
    public const string DefaultQueue = "bench.analysis";

    public Uri? Connection { get; set; }

    /// <summary>The quorum queue the analysis consumer consumes.</summary>
    public string Queue { get; set; } = DefaultQueue;

    /// <summary>Exchange the queue dead-letters to: <c>&lt;queue&gt;.dlx</c>.</summary>
    public string DeadLetterExchange => Queue + ".dlx";

    /// <summary>Where dead-lettered messages wait for an operator: <c>&lt;queue&gt;.dead</c>.</summary>
    public string DeadLetterQueue => Queue + ".dead";

    /// <summary>Messages one worker holds unacknowledged, which is also how many it analyses at once.</summary>
    public int Prefetch { get; set; } = 1;

    /// <summary>Deliveries of one message (and attempts of one job) before it is dead-lettered and the job failed.</summary>
    public int DeliveryLimit { get; set; } = 5;

    private string? _connectionError;

    public void Read(SettingReader settings)
    {
        var raw = settings.Secret(ConnectionSetting);
        Connection = null;
        _connectionError = null;
        if (raw is null)
        {
            _connectionError = $"{ConnectionSetting} is not set: the analysis queue needs it (amqp://user:password@host:5672/vhost).";
        }
        else if (!Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps") || uri.Host.Length == 0)
        {
            // The value carries a password: never echo it.
            _connectionError = $"{ConnectionSetting} must be an amqp:// or amqps:// URI (amqp://user:password@host:5672/vhost).";
        }
        else
        {
            Connection = uri;
        }

        Queue = settings.String("BENCH_ANALYSIS_QUEUE") ?? DefaultQueue;
        Prefetch = settings.Int("BENCH_ANALYSIS_PREFETCH", 1, 1, 1_000);
        DeliveryLimit = settings.Int("BENCH_ANALYSIS_DELIVERY_LIMIT", 5, 1, 1_000);
    }

    public IEnumerable<string> Validate()
    {
        if (_connectionError is not null)
        {
            yield return _connectionError;
        }

        if (Queue.Length > 200 || Queue.StartsWith("amq.", StringComparison.Ordinal))
        {
            yield return $"BENCH_ANALYSIS_QUEUE must be at most 200 characters and not start with 'amq.' (got '{Queue}').";
        }
    }
}
