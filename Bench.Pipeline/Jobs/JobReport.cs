using System.Text.Json;
using System.Text.Json.Nodes;
using Bench.Pipeline.Analysis;

namespace Bench.Pipeline.Jobs;

/// <summary>
/// The wire form of a Slurm job (<c>analyze --json</c>): <c>slurm_job_id</c>, <c>files</c>, <c>benchmark</c>
/// (or null), the job-level figures under the per-file names of <see cref="AnalysisReport"/>, <c>perf</c>
/// (the counters set against the job's energy, or null), and <c>per_file</c> (each file's own report);
/// failed files are separate <c>{file, error}</c> elements.
/// </summary>
public static class JobReport
{
    /// <summary>The job object (when any of its files could be read), then one <c>{file, error}</c> per failed file.</summary>
    /// <param name="outcome">The job's answer.</param>
    /// <param name="describe">Turns an exception into the line a user reads.</param>
    public static IEnumerable<JsonObject> ToJson(JobOutcome outcome, Func<Exception, string> describe)
    {
        var included = new JsonArray(outcome.IncludedFiles.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        if (outcome.Result is { } result)
        {
            var job = new JsonObject
            {
                ["slurm_job_id"] = outcome.Job.SlurmJobId,
                ["files"] = included,
                ["benchmark"] = outcome.Benchmark,
            };
            var figures = JsonSerializer.SerializeToNode(AnalysisReport.From(result))!.AsObject();
            foreach (var (name, value) in figures.ToArray())
            {
                figures.Remove(name); // a node has one parent: detach before moving it
                if (name is not ("file" or "slurm_job_id"))
                {
                    job[name] = value;
                }
            }

            job["perf"] = outcome.Perf is null ? null : JsonSerializer.SerializeToNode(outcome.Perf);
            var perFile = outcome.PerFile.Where(f => f.Result is not null).Select(f => AnalysisReport.From(f.Result!)).ToArray();
            job["per_file"] = JsonSerializer.SerializeToNode(perFile);
            yield return job;
        }
        else if (outcome.Error is { } error)
        {
            yield return new JsonObject
            {
                ["slurm_job_id"] = outcome.Job.SlurmJobId,
                ["files"] = included,
                ["benchmark"] = outcome.Benchmark,
                ["error"] = describe(error),
            };
        }

        foreach (var failed in outcome.PerFile.Where(f => f.Error is not null))
        {
            yield return Failed(failed.Path, describe(failed.Error!));
        }
    }

    /// <summary>A file that could not be analysed (or found).</summary>
    public static JsonObject Failed(string file, string error) => new() { ["file"] = file, ["error"] = error };
}
