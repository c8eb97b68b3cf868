using System.CommandLine;
using System.Text.Json;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Sinks;
using Spectre.Console;

namespace Bench.Functions.Cli;

/// <summary><c>analyze &lt;file|dir&gt;...</c>: the figures of each profile, as tables or JSON.</summary>
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
            await Console.Error.WriteLineAsync("bench analyze: cancelled; the file in progress was not written (earlier files were)").ConfigureAwait(false);
            return 130;
        }
    }

    private static async Task<int> RunAsync(AnalyzeArguments arguments, CancellationToken cancellationToken)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var files = arguments.ExpandPaths();
        IResultSink? sink;
        try
        {
            sink = ResultSinks.OpenLocal(arguments.Database);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Bench.Pipeline.DuckDb.DuckDbException)
        {
            await Console.Error.WriteLineAsync($"bench analyze: cannot open --db {arguments.Database}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        var reports = new List<AnalysisReport>(files.Count);
        using (sink)
        {
            foreach (var (path, problem) in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var report = problem is null
                    ? await AnalyzeOneAsync(path, arguments, sink, stderr, cancellationToken).ConfigureAwait(false)
                    : AnalysisReport.Failed(path, problem);
                reports.Add(report);
                if (report.Error is not null)
                {
                    stderr.MarkupLineInterpolated($"[red]x[/] {path}: {report.Error}");
                }
                else if (!arguments.Json)
                {
                    ReportPrinter.Print(AnsiConsole.Console, report);
                }
            }
        }

        if (arguments.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(reports, JsonOptions));
        }

        var failed = reports.Count(r => r.Error is not null);
        stderr.MarkupLineInterpolated($"{reports.Count - failed} of {reports.Count} file(s) analysed{(failed > 0 ? $", {failed} failed" : string.Empty)}.");
        if (arguments.Database is not null && failed < reports.Count)
        {
            stderr.MarkupLineInterpolated($"Results in {Path.GetFullPath(arguments.Database)} (tables job_summaries and job_<stem>; see docs/results.md).");
        }

        return failed == 0 ? 0 : 1;
    }

    private static async Task<AnalysisReport> AnalyzeOneAsync(
        string path,
        AnalyzeArguments arguments,
        IResultSink? sink,
        IAnsiConsole stderr,
        CancellationToken cancellationToken)
    {
        try
        {
            AnalysisResult result;
            if (arguments.Progress && !Console.IsErrorRedirected)
            {
                result = await stderr.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask(Markup.Escape(Path.GetFileName(path)), maxValue: 1);
                        var analysed = await FileAnalysis.RunAsync(path, arguments.Tariffs, sink, null, new TaskProgress(task), cancellationToken).ConfigureAwait(false);
                        task.Value = task.MaxValue;
                        return analysed;
                    }).ConfigureAwait(false);
            }
            else
            {
                result = await FileAnalysis.RunAsync(path, arguments.Tariffs, sink, null, null, cancellationToken).ConfigureAwait(false);
            }

            return AnalysisReport.From(result);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            // One bad file gets one clear line; the others go on.
            return AnalysisReport.Failed(path, FailureMessages.Describe(e));
        }
    }

    private sealed class TaskProgress(ProgressTask task) : IAnalysisProgress
    {
        public void Started(long totalRows) => task.MaxValue = Math.Max(1, totalRows);

        public void RowsRead(long rows) => task.Increment(rows);
    }
}
