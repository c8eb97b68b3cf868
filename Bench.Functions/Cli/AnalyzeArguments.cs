using System.CommandLine;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Pricing;

namespace Bench.Functions.Cli;

/// <summary>The arguments of <c>analyze</c>: their definition on the command line, and the record the command runs with.</summary>
internal sealed record AnalyzeArguments(
    IReadOnlyList<string> Paths,
    bool Json,
    string? Database,
    TariffSources Tariffs,
    bool Progress,
    IReadOnlyList<string> PerfFiles,
    string? Benchmark,
    string? Report = null)
{
    /// <summary>The <c>analyze</c> command, which hands its parsed arguments to <paramref name="run"/>.</summary>
    public static Command CreateCommand(Func<AnalyzeArguments, Task<int>> run)
    {
        var paths = new Argument<string[]>("file|dir")
        {
            Description = "HDF5 profiles, or directories searched recursively for *.h5 files",
            Arity = ArgumentArity.OneOrMore,
        }.RejectUnknownOptions();
        var json = new Option<bool>("--json") { Description = "print one JSON object per Slurm job (an array) instead of tables" };
        var db = new Option<string?>("--db") { Description = "write job_<stem> + job_summaries per file and slurm_jobs per Slurm job into a DuckDB file", HelpName = "PATH" };
        db.AcceptLegalFilePathsOnly();
        var price = PriceOption();
        var carbon = CarbonOption();
        var noProgress = new Option<bool>("--no-progress") { Description = "no progress bar on stderr" };
        var perf = new Option<string[]>("--perf")
        {
            Description = "likwid-perfctr -O CSV of the job (repeatable; added up, set against the job's energy). Each goes to the job "
                + "its name names (_<id>.csv or job_<id>_); one naming no job needs exactly one job analysed. A CSV that does not "
                + "parse stops the run before any profile is analysed (exit 1)",
            HelpName = "FILE",
            Arity = ArgumentArity.OneOrMore,
        };
        perf.AcceptLegalFilePathsOnly();
        var benchmark = new Option<string?>("--benchmark")
        {
            Description = "the benchmark the job(s) ran, kept in slurm_jobs.benchmark (default: the directory above job_<id>/, or the name before _job_<id>_)",
            HelpName = "NAME",
        };
        var report = new Option<string?>("--report")
        {
            Description = "write one self-contained HTML page per Slurm job (figures and plots, no network needed): PATH for one job; with several, <stem>-<jobid>.html beside it (report.html: report-<jobid>.html each)",
            HelpName = "PATH",
        };
        report.AcceptLegalFilePathsOnly();
        var command = new Command("analyze", "Analyse profiles and print the figures.\nExit code: 0 all files analysed, 1 some failed (or a --perf CSV is malformed), 2 bad usage.")
        {
            paths, json, db, price, carbon, noProgress, perf, benchmark, report,
        };

        command.SetAction(result => run(new AnalyzeArguments(
            result.GetValue(paths) ?? [],
            result.GetValue(json),
            result.GetValue(db),
            new TariffSources(result.GetValue(price), result.GetValue(carbon)),
            !result.GetValue(noProgress),
            result.GetValue(perf) ?? [],
            result.GetValue(benchmark),
            result.GetValue(report))));
        return command;
    }

    /// <summary>Files to analyse, directories expanded; paths that do not exist are returned as errors.</summary>
    public IReadOnlyList<(string Path, string? Error)> ExpandPaths()
    {
        var files = new List<(string, string?)>();
        foreach (var path in Paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".h5", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToArray();
                if (found.Length == 0)
                {
                    files.Add((path, "directory holds no .h5 files"));
                }

                files.AddRange(found.Select(f => (f, (string?)null)));
            }
            else
            {
                files.Add((path, File.Exists(path) ? null : "no such file or directory"));
            }
        }

        return files;
    }

    /// <summary>A tariff spec option; a spec that does not parse is a usage error naming the option (TariffSpecException says which).</summary>
    internal static Option<ITariffSource?> PriceOption() =>
        TariffOption("--price", TariffSpec.PriceSyntax, spec => TariffSpec.ParsePrice(spec), "fixed:", "csv:", "smard", "smard:DE-LU:hour", "smard:DE-LU:quarterhour");

    internal static Option<ITariffSource?> CarbonOption() => TariffOption("--carbon", TariffSpec.CarbonSyntax, TariffSpec.ParseCarbon, "fixed:", "csv:");

    private static Option<ITariffSource?> TariffOption(string name, string syntax, Func<string, ITariffSource> parse, params string[] completions)
    {
        var option = new Option<ITariffSource?>(name)
        {
            Description = syntax,
            HelpName = "SPEC",
            CustomParser = result =>
            {
                try
                {
                    return result.Tokens.Count == 0 ? null : parse(result.Tokens[^1].Value);
                }
                catch (FormatException e)
                {
                    result.AddError(e.Message);
                    return null;
                }
            },
        };
        option.CompletionSources.Add(completions);
        return option;
    }
}
