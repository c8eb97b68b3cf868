using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Hdf5Read;
using Bench.Pipeline.Jobs;

namespace Bench.Functions.Cli;

/// <summary>
/// <c>benchmark read|analyze|timelines &lt;file.h5&gt; [--db PATH]</c>: one measured pass, printed as one
/// JSON line. scripts/bench-analyze.sh runs each mode in its own process (so peak RSS is the mode's own)
/// and compares medians. <c>read</c> is the floor: every series read whole as raw rows through the PureHDF
/// layer (<see cref="H5ReadDataset.ReadAllRaw"/>: same reader, same block size), no decoding, no analysis.
/// <c>analyze</c> is what <c>bench analyze</c> does for one job: without <c>--db</c> the figures only
/// (Energy series alone), with <c>--db</c> every series and every timeline into DuckDB.
/// <c>timelines</c> builds every timeline into a sink that only counts them (to split reading and
/// timeline building from DuckDB's share).
/// </summary>
internal static class BenchmarkCommand
{
    // Keeps "analyze+duckdb" readable in the runs file (the default escapes '+').
    private static readonly JsonSerializerOptions JsonLine = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var command = new Command("benchmark", "One measured pass as a JSON line, or the medians of several (scripts/bench-analyze.sh runs these).\nExit code: 0 done, 1 failed, 2 bad usage.");
        var readFile = ProfileArgument();
        var read = new Command("read", "read every series whole through PureHDF (raw rows): the floor") { readFile };
        read.SetAction(result => RunAsync("read", result.GetRequiredValue(readFile), null));
        var analyzeFile = ProfileArgument();
        var db = new Option<string?>("--db") { Description = "also write the timelines into this DuckDB file", HelpName = "PATH" };
        db.AcceptLegalFilePathsOnly();
        var analyze = new Command("analyze", "the analysis as analyze runs it: figures only (Energy alone), or every timeline into DuckDB with --db") { analyzeFile, db };
        analyze.SetAction(result => RunAsync("analyze", result.GetRequiredValue(analyzeFile), result.GetValue(db)));
        var timelinesFile = ProfileArgument();
        var timelines = new Command("timelines", "every series read and every node timeline built, into a sink that only counts them") { timelinesFile };
        timelines.SetAction(result => RunAsync("timelines", result.GetRequiredValue(timelinesFile), null));
        var runs = new Argument<string>("runs.jsonl") { Description = "the JSON lines of earlier passes" };
        var summary = new Command("summary", "medians and ratios of the passes in a JSON lines file, as a Markdown table") { runs };
        summary.SetAction(result => BenchmarkSummary.Print(result.GetRequiredValue(runs)));
        command.Subcommands.Add(read);
        command.Subcommands.Add(analyze);
        command.Subcommands.Add(timelines);
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
        double? energy = null;
        if (mode == "read")
        {
            using var file = H5ReadFile.Open(path);
            (rows, bytes) = ReadAll(file.Root);
        }
        else
        {
            var counter = new RowCounter();
            using var sink = mode == "timelines" ? new CountingSink() : ResultSinks.OpenLocal(db);
            var job = JobFiles.Group([path]).Single();
            var outcome = await SlurmJobRunner.RunAsync(job, TariffSources.None, sink, _ => counter).ConfigureAwait(false);
            var failure = outcome.PerFile.Select(f => f.Error).FirstOrDefault(e => e is not null) ?? outcome.Error;
            if (failure is not null || outcome.Result is null)
            {
                await Console.Error.WriteLineAsync($"benchmark {mode}: {failure?.Message ?? "no result"}").ConfigureAwait(false);
                return 1;
            }

            rows = counter.Rows;
            bytes = new FileInfo(path).Length;
            timelineRows = outcome.Result.TimelineRows;
            energy = outcome.Result.EnergyToSolutionJ;
        }

        watch.Stop();
        var line = new Dictionary<string, object?>
        {
            ["mode"] = db is null ? mode : "analyze+duckdb",
            ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3),
            ["rows"] = rows,
            ["bytes"] = bytes,
            ["timeline_rows"] = timelineRows,
            ["file_bytes"] = new FileInfo(path).Length,
            ["energy_j"] = energy,
            ["cpu_seconds"] = Math.Round(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, 2),
            // Where CPU goes besides the work itself: allocation and collection (phase attribution in docs/benchmarks.md).
            ["allocated_mb"] = Math.Round(GC.GetTotalAllocatedBytes() / 1048576.0, 0),
            ["gc_count"] = GC.CollectionCount(0),
            ["gc_pause_s"] = Math.Round(GC.GetTotalPauseDuration().TotalSeconds, 2),
            // JIT compilation on every thread: what ReadyToRun and the tiering settings are meant to save.
            ["jit_s"] = Math.Round(System.Runtime.JitInfo.GetCompilationTime().TotalSeconds, 2),
            ["jit_methods"] = System.Runtime.JitInfo.GetCompiledMethodCount(),
            ["peak_rss_mb"] = Math.Round(PeakRssMb(), 1),
        };
        Console.WriteLine(JsonSerializer.Serialize(line, JsonLine));
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

    /// <summary>Rows read; Interlocked because nodes may be analysed in parallel.</summary>
    private sealed class RowCounter : IAnalysisProgress
    {
        private long _rows;

        public long Rows => Interlocked.Read(ref _rows);

        public void Started(long totalRows)
        {
        }

        public void RowsRead(long rows) => Interlocked.Add(ref _rows, rows);
    }
}
