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
    public const string Usage = "usage: bench benchmark read|analyze <file.h5> [--db PATH] | bench benchmark summary <runs.jsonl>";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 2 && args[0] == "summary")
        {
            return BenchmarkSummary.Print(args[1]);
        }

        if (args.Length < 2 || args[0] is not ("read" or "analyze"))
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        var mode = args[0];
        var path = args[1];
        var db = args.Length >= 4 && args[2] == "--db" ? args[3] : null;
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
