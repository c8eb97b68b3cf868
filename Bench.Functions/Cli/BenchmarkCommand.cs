using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Hdf5Read;
using Bench.Pipeline.Jobs;

namespace Bench.Functions.Cli;

/// <summary>
/// <c>benchmark read|analyze &lt;file.h5&gt; [--db PATH]</c>: one measured pass, printed as one JSON line.
/// scripts/bench-analyze.sh runs each mode in its own process (so peak RSS is the mode's own) and
/// compares medians. <c>read</c> is the floor: every dataset read whole as raw rows through PureHDF, the
/// same reader and block size the analysis uses, no decoding, no analysis. <c>analyze</c> does the whole analysis
/// including every node timeline (counted, not stored); with <c>--db</c> the timelines go into DuckDB.
/// </summary>
internal static class BenchmarkCommand
{
    public static Command Create()
    {
        var command = new Command("benchmark", "One measured pass as a JSON line, or the medians of several (scripts/bench-analyze.sh runs these).\nExit code: 0 done, 1 failed, 2 bad usage.");
        var readFile = ProfileArgument();
        var read = new Command("read", "read every dataset whole through libhdf5: the baseline") { readFile };
        read.SetAction(result => RunAsync("read", result.GetRequiredValue(readFile), null));
        var analyzeFile = ProfileArgument();
        var db = new Option<string?>("--db") { Description = "also write the timelines into this DuckDB file", HelpName = "PATH" };
        db.AcceptLegalFilePathsOnly();
        var analyze = new Command("analyze", "the whole analysis, every node timeline built (counted, or written with --db)") { analyzeFile, db };
        analyze.SetAction(result => RunAsync("analyze", result.GetRequiredValue(analyzeFile), result.GetValue(db)));
        var runs = new Argument<string>("runs.jsonl") { Description = "the JSON lines of earlier passes" };
        var summary = new Command("summary", "medians and ratios of the passes in a JSON lines file, as a Markdown table") { runs };
        summary.SetAction(result => BenchmarkSummary.Print(result.GetRequiredValue(runs)));
        command.Subcommands.Add(read);
        command.Subcommands.Add(analyze);
        command.Subcommands.Add(summary);
        return command;
    }

    private static Argument<string> ProfileArgument() => new Argument<string>("file.h5") { Description = "the HDF5 profile to measure" }.RejectUnknownOptions();

    private static async Task<int> RunAsync(string mode, string path, string? db)
    {
        var watch = Stopwatch.StartNew();
        long rows;
        long bytes;
        long timelineRows = 0;
        if (mode == "read")
        {
            using var file = H5ReadFile.Open(path);
            (rows, bytes) = ReadAll(file.Root);
        }
        else
        {
            // Without --db the timelines are still built, into a sink that only counts them.
            using var sink = ResultSinks.OpenLocal(db) ?? new CountingSink();
            var counter = new RowCounter();
            var result = await FileAnalysis.RunAsync(path, TariffSources.None, sink, progress: counter).ConfigureAwait(false);
            rows = counter.Rows;
            bytes = new FileInfo(path).Length;
            timelineRows = result.TimelineRows;
        }

        watch.Stop();
        var line = new Dictionary<string, object>
        {
            ["mode"] = db is null ? mode : "analyze+duckdb",
            ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3),
            ["rows"] = rows,
            ["bytes"] = bytes,
            ["timeline_rows"] = timelineRows,
            ["file_bytes"] = new FileInfo(path).Length,
            ["peak_rss_mb"] = Math.Round(PeakRssMb(), 1),
        };
        Console.WriteLine(JsonSerializer.Serialize(line));
        return 0;
    }

    private static (long Rows, long Bytes) ReadAll(H5ReadGroup group)
    {
        long rows = 0, bytes = 0;
        foreach (var name in group.ChildNames())
        {
            if (group.IsGroup(name))
            {
                var (r, b) = ReadAll(group.OpenGroup(name));
                rows += r;
                bytes += b;
            }
            else if (group.IsDataset(name))
            {
                var dataset = group.OpenDataset(name);
                bytes += dataset.ReadAllRaw();
                rows += dataset.Length;
            }
        }

        return (rows, bytes);
    }

    /// <summary>VmHWM: the process's peak resident set, in MB.</summary>
    private static double PeakRssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        return double.NaN;
    }

    private sealed class RowCounter : IAnalysisProgress
    {
        public long Rows { get; private set; }

        public void Started(long totalRows)
        {
        }

        public void RowsRead(long rows) => Rows += rows;
    }
}
