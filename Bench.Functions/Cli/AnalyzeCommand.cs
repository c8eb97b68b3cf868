using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bench.Functions.Report;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Perf;
using Bench.Pipeline.Sinks;
using Spectre.Console;

namespace Bench.Functions.Cli;

/// <summary><c>analyze &lt;file|dir&gt;...</c>: the figures of each Slurm job (its files grouped by job id), as tables or JSON.</summary>
internal static class AnalyzeCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The <c>analyze</c> command; its arguments are defined in <see cref="AnalyzeArguments"/>.</summary>
    public static Command Create() => AnalyzeArguments.CreateCommand(RunAsync);

    private static async Task<int> RunAsync(AnalyzeArguments arguments)
    {
        using var cancel = new ConsoleCancellation();
        try
        {
            return await RunAsync(arguments, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("bench analyze: cancelled; the file or job in progress was not written (earlier ones were)").ConfigureAwait(false);
            return 130;
        }
    }

    private static async Task<int> RunAsync(AnalyzeArguments arguments, CancellationToken cancellationToken)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var files = arguments.ExpandPaths().DistinctBy(f => f.Path).ToArray(); // a file given again, or inside a given directory, is one file
        var jobs = JobFiles.Group(files.Where(f => f.Error is null).Select(f => f.Path));
        IReadOnlyDictionary<string, IReadOnlyList<PerfFiles.Read>> perfByJob = new Dictionary<string, IReadOnlyList<PerfFiles.Read>>();
        if (arguments.PerfFiles.Count > 0)
        {
            // Counters are read before any profile: a malformed CSV stops the run with nothing half-written.
            IReadOnlyList<PerfFiles.Read> perf;
            try
            {
                perf = PerfFiles.ReadAll(arguments.PerfFiles);
            }
            catch (Exception e) when (e is LikwidFormatException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"bench analyze: --perf {e.Message}; nothing analysed").ConfigureAwait(false);
                return 1;
            }

            if (jobs.Count > 0)
            {
                var (byJob, error) = PerfFiles.Match(jobs, perf);
                if (error is not null)
                {
                    await Console.Error.WriteLineAsync($"bench analyze: {error}").ConfigureAwait(false);
                    return UsageErrors.ExitCode;
                }

                perfByJob = byJob;
            }
        }

        IResultSink? sink;
        try
        {
            sink = ResultSinks.OpenLocal(arguments.Database);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Bench.Pipeline.Sinks.DuckDb.DuckDbFileException or ResultTableMismatchException)
        {
            await Console.Error.WriteLineAsync($"bench analyze: cannot open --db {arguments.Database}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        // --report keeps each job's node columns on their way to the sink (or to none).
        var capture = arguments.Report is null ? null : new SeriesCaptureSink(sink);
        sink = capture ?? sink;
        var elements = new List<JsonObject>();
        var failed = 0;
        var jobsAnswered = 0;
        var jobFailed = false;
        using (sink)
        {
            foreach (var (path, problem) in files.Where(f => f.Error is not null))
            {
                stderr.MarkupLineInterpolated($"[red]x[/] {path}: {problem}");
                elements.Add(JobReport.Failed(path, problem!));
                failed++;
            }

            // One answer per Slurm job: node-step files of one job are one job, not one result each.
            foreach (var job in jobs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var attachments = PerfFiles.AttachmentsOf(job, perfByJob.GetValueOrDefault(job.Key) ?? [], arguments.Benchmark);
                var outcome = await AnalyzeJobAsync(job, attachments, arguments, sink, stderr, cancellationToken).ConfigureAwait(false);
                foreach (var file in outcome.PerFile.Where(f => f.Error is not null))
                {
                    stderr.MarkupLineInterpolated($"[red]x[/] {file.Path}: {FailureMessages.Describe(file.Error!)}");
                    failed++;
                }

                if (outcome.Error is not null)
                {
                    stderr.MarkupLineInterpolated($"[red]x[/] {JobAnalysis.Name(job)}: {FailureMessages.Describe(outcome.Error)}");
                }

                if (outcome.Result is not null)
                {
                    jobsAnswered++;
                    if (!arguments.Json)
                    {
                        ReportPrinter.PrintJob(AnsiConsole.Console, outcome);
                    }
                }

                var answer = JobReport.ToJson(outcome, FailureMessages.Describe).ToArray();
                elements.AddRange(answer);
                jobFailed |= outcome.Error is not null;
                var series = capture?.TakeLastJob();
                if (capture is not null && outcome.Result is not null)
                {
                    jobFailed |= !await ReportWriter.WriteAsync(arguments.Report!, outcome, answer[0], series, jobs.Count > 1, stderr, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        if (arguments.Json)
        {
            Console.WriteLine(new JsonArray([.. elements]).ToJsonString(JsonOptions));
        }

        stderr.MarkupLineInterpolated($"{files.Length - failed} of {files.Length} file(s) analysed{(failed > 0 ? $", {failed} failed" : string.Empty)}, in {jobsAnswered} Slurm job(s).");
        if (arguments.Database is not null && jobsAnswered > 0)
        {
            stderr.MarkupLineInterpolated($"Results in {Path.GetFullPath(arguments.Database)} (tables job_summaries and job_<stem> per file, slurm_jobs and slurm_job_<id> per Slurm job; see docs/results.md).");
        }

        return failed == 0 && !jobFailed ? 0 : 1;
    }

    private static async Task<JobOutcome> AnalyzeJobAsync(
        JobFiles job,
        JobAttachments attachments,
        AnalyzeArguments arguments,
        IResultSink? sink,
        IAnsiConsole stderr,
        CancellationToken cancellationToken)
    {
        if (!arguments.Progress || Console.IsErrorRedirected)
        {
            return await SlurmJobRunner.RunAsync(job, attachments, arguments.Tariffs, sink, null, cancellationToken).ConfigureAwait(false);
        }

        return await stderr.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new List<ProgressTask>();
                IAnalysisProgress Track(string name)
                {
                    var task = context.AddTask(Markup.Escape(Path.GetFileName(name)), maxValue: 1);
                    tasks.Add(task);
                    return new TaskProgress(task);
                }

                var outcome = await SlurmJobRunner.RunAsync(job, attachments, arguments.Tariffs, sink, Track, cancellationToken).ConfigureAwait(false);
                foreach (var task in tasks)
                {
                    task.Value = task.MaxValue; // a job's rows include steps held twice, which are read but not counted
                }

                return outcome;
            }).ConfigureAwait(false);
    }

    private sealed class TaskProgress(ProgressTask task) : IAnalysisProgress
    {
        public void Started(long totalRows) => task.MaxValue = Math.Max(1, totalRows);

        public void RowsRead(long rows) => task.Increment(rows);
    }
}
