namespace Bench.Functions.Tests;

/// <summary>
/// What a test (or a Deployment) asks one worker to run, as the worker's own settings: the analysis
/// consumer (BENCH_ANALYSIS_CONSUMER) and which functions are switched off (AzureWebJobs.&lt;Name&gt;.Disabled).
/// </summary>
public enum ServeRole
{
    All,
    Api,
    Analysis,
}

public static class ServeRoleSettings
{
    /// <summary>The functions an analysis-only worker keeps: liveness, readiness and its metrics.</summary>
    public static readonly IReadOnlySet<string> AnalysisFunctions = new HashSet<string>(StringComparer.Ordinal) { "Healthz", "Readyz", "Metrics" };

    /// <summary><paramref name="settings"/> plus what the role sets; the role's own settings win.</summary>
    public static Dictionary<string, string?> With(this ServeRole role, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var merged = new Dictionary<string, string?>(settings, StringComparer.Ordinal);
        switch (role)
        {
            case ServeRole.Api:
                merged["BENCH_ANALYSIS_CONSUMER"] = "false";
                break;
            case ServeRole.Analysis:
                merged["BENCH_ANALYSIS_CONSUMER"] = "true";
                foreach (var function in FunctionsMetadata.Read().Select(f => f.Name).Where(n => !AnalysisFunctions.Contains(n)))
                {
                    merged[$"AzureWebJobs.{function}.Disabled"] = "true";
                }

                break;
        }

        return merged;
    }
}
