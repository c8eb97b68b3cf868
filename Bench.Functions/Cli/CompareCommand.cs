using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Compare;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Sinks;
using Spectre.Console;

namespace Bench.Functions.Cli;

/// <summary>
/// <c>compare &lt;a&gt; &lt;b&gt;</c>: analyses two Slurm jobs locally (no sink) and prints a minus b for each
/// figure and the sentence the API gives. Each argument is what <c>analyze</c> takes (a file, a directory,
/// or a file pattern such as <c>profiles/9799476_*.h5</c>) and must resolve to exactly one Slurm job.
/// Exit codes: 0 compared, 1 an analysis failed, 2 bad usage (an argument resolves to no job or several).
/// </summary>
internal static class CompareCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create()
    {
        var a = new Argument<string>("a") { Description = "the run: an HDF5 profile, a directory or a file pattern that holds ONE Slurm job" };
        var b = new Argument<string>("b") { Description = "the run it is compared with (deltas are a minus b)" };
        var json = new Option<bool>("--json") { Description = "print {job, other, deltas, sentence, pipeline_versions_differ} as JSON" };
        var price = AnalyzeArguments.PriceOption();
        var carbon = AnalyzeArguments.CarbonOption();
        var command = new Command("compare", "Compare two Slurm jobs: the deltas of every figure (a minus b) and a sentence.\nExit code: 0 compared, 1 an analysis failed, 2 bad usage.")
        {
            a, b, json, price, carbon,
        };
        command.SetAction(result => RunAsync(
            result.GetValue(a)!, result.GetValue(b)!, result.GetValue(json), new TariffSources(result.GetValue(price), result.GetValue(carbon))));
        return command;
    }

    private static async Task<int> RunAsync(string a, string b, bool json, TariffSources tariffs)
    {
        var jobs = new List<JobFiles>();
        foreach (var argument in new[] { a, b })
        {
            var (job, problem) = Resolve(argument);
            if (job is null)
            {
                await Console.Error.WriteLineAsync($"bench compare: {problem}").ConfigureAwait(false);
                return UsageErrors.ExitCode;
            }

            jobs.Add(job);
        }

        using var cancel = new ConsoleCancellation();
        var results = new List<(JobFiles Job, AnalysisResult Result)>();
        foreach (var job in jobs)
        {
            JobOutcome outcome;
            try
            {
                outcome = await SlurmJobRunner.RunAsync(job, tariffs, sink: null, progress: null, cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("bench compare: cancelled").ConfigureAwait(false);
                return 130;
            }

            if (outcome.Result is null)
            {
                var why = outcome.Error ?? outcome.PerFile.Select(f => f.Error).FirstOrDefault(e => e is not null);
                await Console.Error.WriteLineAsync($"bench compare: {JobAnalysis.Name(job)} could not be analysed: {(why is null ? "no file could be read" : FailureMessages.Describe(why))}").ConfigureAwait(false);
                return 1;
            }

            results.Add((job, outcome.Result));
        }

        var run = Figures(results[0].Job, results[0].Result);
        var other = Figures(results[1].Job, results[1].Result);
        var comparison = RunComparison.Compare(run, other);
        if (json)
        {
            Console.WriteLine(ToJson(run, other, comparison).ToJsonString(JsonOptions));
        }
        else
        {
            Print(AnsiConsole.Console, run, other, comparison);
        }

        return 0;
    }

    /// <summary>The one Slurm job <paramref name="argument"/> names, or why it does not name exactly one.</summary>
    internal static (JobFiles? Job, string? Problem) Resolve(string argument)
    {
        var paths = ExpandPattern(argument);
        if (paths is null)
        {
            var expanded = new AnalyzeArguments([argument], false, null, new TariffSources(null, null), false, [], null).ExpandPaths();
            if (expanded.FirstOrDefault(f => f.Error is not null) is { Error: { } error })
            {
                return (null, $"'{argument}': {error}; it must resolve to one Slurm job");
            }

            paths = [.. expanded.Select(f => f.Path)];
        }

        if (paths.Count == 0)
        {
            return (null, $"'{argument}' matches no .h5 file; it must resolve to one Slurm job");
        }

        var jobs = JobFiles.Group(paths);
        return jobs.Count == 1
            ? (jobs[0], null)
            : (null, $"'{argument}' resolves to {jobs.Count} Slurm jobs ({string.Join(", ", jobs.Select(j => j.SlurmJobId ?? Path.GetFileName(j.Key)))}); give the files of one job");
    }

    /// <summary>A pattern in the file name (<c>dir/9799476_*.h5</c>, as a shell that did not expand it passes it): the matching files; null when not a pattern.</summary>
    private static List<string>? ExpandPattern(string argument)
    {
        var name = Path.GetFileName(argument);
        if (name.IndexOfAny(['*', '?']) < 0)
        {
            return null;
        }

        var directory = Path.GetDirectoryName(argument) is { Length: > 0 } d ? d : ".";
        return Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, name).Where(f => f.EndsWith(".h5", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)]
            : [];
    }

    private static RunFigures Figures(JobFiles job, AnalysisResult r) => new(
        job.SlurmJobId ?? Path.GetFileName(job.Key), ResultProvenance.PipelineVersion,
        r.EnergyToSolutionJ, r.TimeToSolutionS, r.AveragePowerW, r.PeakPowerW, r.EnergyDelayProduct, r.CostEur, r.Co2G, null);

    private static JsonObject ToJson(RunFigures run, RunFigures other, ComparisonResult comparison)
    {
        var deltas = new JsonObject();
        foreach (var (name, delta) in comparison.Deltas)
        {
            deltas[name] = new JsonObject { ["absolute"] = delta.Absolute, ["percent"] = delta.Percent };
        }

        return new JsonObject
        {
            ["job"] = Run(run),
            ["other"] = Run(other),
            ["deltas"] = deltas,
            ["sentence"] = comparison.Sentence,
            ["pipeline_versions_differ"] = comparison.PipelineVersionsDiffer,
        };

        static JsonObject Run(RunFigures figures)
        {
            var o = new JsonObject { ["id"] = figures.Label, ["pipeline_version"] = figures.PipelineVersion };
            foreach (var (name, value) in figures.Named())
            {
                o[name] = value;
            }

            return o;
        }
    }

    private static void Print(IAnsiConsole console, RunFigures run, RunFigures other, ComparisonResult comparison)
    {
        var table = new Table().AddColumns("figure", Markup.Escape(run.Label), Markup.Escape(other.Label), "a - b", "%");
        foreach (var ((name, a), (_, b)) in run.Named().Zip(other.Named()))
        {
            var delta = comparison.Deltas[name];
            table.AddRow(name, Number(a), Number(b), Number(delta.Absolute), delta.Percent is { } p ? p.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : "-");
        }

        console.Write(table);
        console.WriteLine($"Run {run.Label} {comparison.Sentence}.");
    }

    private static string Number(double? value) => value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "-";
}
