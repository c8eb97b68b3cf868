using Bench.Pipeline.Jobs;
using Bench.Pipeline.Perf;

namespace Bench.Functions.Cli;

/// <summary>
/// <c>analyze --perf</c>: reads every counter file before anything is analysed, and gives each to the
/// Slurm job its name names (see <see cref="PerfFileNames"/>). A file that names no job, or names one that
/// is not being analysed, is taken only when exactly one job is analysed.
/// </summary>
internal static class PerfFiles
{
    /// <summary>A counter file read and parsed.</summary>
    public sealed record Read(string Path, string? SlurmJobId, PerfCounters Counters);

    /// <summary>Parses each file; the first that is not LIKWID CSV stops it (its message names the file and line).</summary>
    /// <exception cref="LikwidFormatException">A file is missing, too large, or not likwid-perfctr CSV.</exception>
    public static IReadOnlyList<Read> ReadAll(IEnumerable<string> paths) =>
        paths.Distinct(StringComparer.Ordinal)
            .Select(path => new Read(path, PerfFileNames.SlurmJobId(path), LikwidCounters.From(LikwidCsvReader.ReadFile(path))))
            .ToArray();

    /// <summary>Each job's counter files (by <see cref="JobFiles.Key"/>), or why the files cannot be matched to the jobs.</summary>
    public static (IReadOnlyDictionary<string, IReadOnlyList<Read>> ByJob, string? Error) Match(IReadOnlyList<JobFiles> jobs, IReadOnlyList<Read> files)
    {
        var byJob = new Dictionary<string, List<Read>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var named = file.SlurmJobId is { } id ? jobs.FirstOrDefault(j => j.SlurmJobId == id) : null;
            JobFiles job;
            if (named is not null)
            {
                job = named;
            }
            else if (jobs.Count == 1 && (file.SlurmJobId is null || jobs[0].SlurmJobId is null))
            {
                job = jobs[0]; // the one job analysed, and nothing says the file is another's
            }
            else
            {
                var analysed = jobs.Count == 0 ? "none" : string.Join(", ", jobs.Select(JobAnalysis.Name));
                return (new Dictionary<string, IReadOnlyList<Read>>(), file.SlurmJobId is { } other
                    ? $"--perf {file.Path} names Slurm job {other}, which is not among the jobs analysed ({analysed})"
                    : $"--perf {file.Path} names no Slurm job (no _<id>.csv or job_<id>_ in its name), and {jobs.Count} jobs are analysed ({analysed}): name the file after its job, or analyse one job at a time");
            }

            if (!byJob.TryGetValue(job.Key, out var list))
            {
                byJob[job.Key] = list = [];
            }

            list.Add(file);
        }

        return (byJob.ToDictionary(p => p.Key, p => (IReadOnlyList<Read>)p.Value, StringComparer.Ordinal), null);
    }

    /// <summary>
    /// What the job carries: <paramref name="benchmark"/> when given, else what its files' names say, and
    /// its counter files combined (rates and work add up, run time is the longest).
    /// </summary>
    public static JobAttachments AttachmentsOf(JobFiles job, IReadOnlyList<Read> perf, string? benchmark)
    {
        benchmark ??= job.SlurmJobId is not { } id ? null
            : perf.Select(p => p.Path).Concat(job.Paths).Select(p => BenchmarkNames.FromLocalPath(Path.GetFullPath(p), id)).FirstOrDefault(b => b is not null);
        return new JobAttachments(benchmark, perf.Count == 0 ? null : PerfCounters.Combine([.. perf.Select(p => p.Counters)]));
    }
}
