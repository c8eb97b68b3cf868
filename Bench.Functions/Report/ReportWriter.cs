using System.Text.Json.Nodes;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Sinks;
using Spectre.Console;

namespace Bench.Functions.Report;

/// <summary>Writes <c>analyze --report</c>'s page for one job: its <c>--json</c> figures and its downsampled node series.</summary>
internal static class ReportWriter
{
    /// <returns>False when the file could not be written (said on stderr).</returns>
    public static async Task<bool> WriteAsync(
        string reportPath,
        JobOutcome outcome,
        JsonObject jobJson,
        IReadOnlyList<CapturedNode>? nodes,
        bool severalJobs,
        IAnsiConsole stderr,
        CancellationToken cancellationToken)
    {
        var id = outcome.Job.SlurmJobId ?? Path.GetFileNameWithoutExtension(outcome.Job.Key);
        var path = ReportPaths.For(reportPath, id, severalJobs);
        var job = ForPage(jobJson, id);
        var series = nodes is null ? null : SeriesDownsampler.Downsample(nodes, SeriesDownsampler.PointsFor(nodes.Count));
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            await File.WriteAllTextAsync(path, HtmlReport.Render(job, series, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
            stderr.MarkupLineInterpolated($"Report of {JobAnalysis.Name(outcome.Job)}: {Path.GetFullPath(path)}");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.MarkupLineInterpolated($"[red]x[/] {JobAnalysis.Name(outcome.Job)}: cannot write the report {path}: {e.Message}");
            return false;
        }
    }

    /// <summary>The job as the page reads it: the API's <c>id</c> and <c>pipeline_version</c> added, each file's own report left out (size).</summary>
    internal static JsonObject ForPage(JsonObject jobJson, string id)
    {
        var job = jobJson.DeepClone().AsObject();
        job.Remove("per_file");
        job["id"] = id;
        job["pipeline_version"] = ResultProvenance.PipelineVersion;
        return job;
    }
}
