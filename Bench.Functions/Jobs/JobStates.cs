namespace Bench.Functions.Jobs;

/// <summary>The states of <c>analysis_jobs.state</c>: queued -&gt; running -&gt; succeeded | failed (running may go back to queued).</summary>
internal static class JobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static bool IsFinished(string state) => state is Succeeded or Failed;
}

/// <summary>How a job came to exist: <c>analysis_jobs.origin</c>.</summary>
internal static class JobOrigins
{
    public const string Webhook = "webhook";
    public const string Rescan = "rescan";
    public const string Reanalyze = "reanalyze";
}
