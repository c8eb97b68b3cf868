using System.Globalization;
using System.Text;

namespace Bench.Functions.Jobs;

/// <summary>
/// This process's job counters, rendered as Prometheus text at <c>GET /metrics</c>. Counters start at
/// zero with the process, as Prometheus expects; sum them over replicas.
/// </summary>
internal sealed class JobMetrics
{
    private long _accepted;
    private long _duplicates;
    private long _ignored;
    private long _succeeded;
    private long _failed;
    private long _retried;
    private long _published;
    private long _publishFailures;
    private long _inProgress;
    private long _queueDepth = -1;

    /// <summary>New jobs recorded (webhook or rescan).</summary>
    public void Accepted(int count) => Interlocked.Add(ref _accepted, count);

    /// <summary>Webhook records for an object version that already had a job.</summary>
    public void Duplicates(int count) => Interlocked.Add(ref _duplicates, count);

    /// <summary>Webhook records that were not for us (other events, buckets, suffixes).</summary>
    public void Ignored(int count) => Interlocked.Add(ref _ignored, count);

    public void Succeeded() => Interlocked.Increment(ref _succeeded);

    public void Failed() => Interlocked.Increment(ref _failed);

    public void Retried() => Interlocked.Increment(ref _retried);

    public void Published(int count) => Interlocked.Add(ref _published, count);

    public void PublishFailed(int count) => Interlocked.Add(ref _publishFailures, count);

    public void Started() => Interlocked.Increment(ref _inProgress);

    public void Ended() => Interlocked.Decrement(ref _inProgress);

    /// <summary>Messages ready in the analysis queue when last looked at.</summary>
    public void QueueDepth(long depth) => Interlocked.Exchange(ref _queueDepth, depth);

    public long SucceededCount => Interlocked.Read(ref _succeeded);

    public string Render()
    {
        var text = new StringBuilder();
        Counter(text, "bench_jobs_accepted_total", "Jobs recorded for new object versions (webhook and rescan).", _accepted);
        Counter(text, "bench_jobs_duplicate_events_total", "Webhook records for an object version that already had a job.", _duplicates);
        Counter(text, "bench_webhook_ignored_records_total", "Webhook records ignored (other events, buckets, prefixes or suffixes).", _ignored);
        Counter(text, "bench_jobs_succeeded_total", "Jobs this process analysed successfully.", _succeeded);
        Counter(text, "bench_jobs_failed_total", "Jobs this process ended as failed.", _failed);
        Counter(text, "bench_jobs_retried_total", "Attempts this process gave back to the queue after a transient failure.", _retried);
        Counter(text, "bench_jobs_published_total", "Job messages confirmed by RabbitMQ.", _published);
        Counter(text, "bench_jobs_publish_failures_total", "Job messages RabbitMQ did not confirm (the sweeper publishes them again).", _publishFailures);
        Gauge(text, "bench_jobs_in_progress", "Jobs this process is analysing now.", Interlocked.Read(ref _inProgress));
        var depth = Interlocked.Read(ref _queueDepth);
        if (depth >= 0)
        {
            Gauge(text, "bench_analysis_queue_depth", "Messages ready in the analysis queue when this process last looked.", depth);
        }

        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, string help, long value) => Write(text, name, help, "counter", Interlocked.Read(ref value));

    private static void Gauge(StringBuilder text, string name, string help, long value) => Write(text, name, help, "gauge", value);

    private static void Write(StringBuilder text, string name, string help, string type, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
}
