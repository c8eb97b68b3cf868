#!/usr/bin/env dotnet
// Measures DuckDB.NET's appender on rows shaped like job_<stem> timelines (2 VARCHAR, 1 BIGINT, 21 DOUBLE,
// one DOUBLE column NULL in every 4th row), two ways, alternating: AppendRow<TState> (what
// DuckDbResultWriter uses) and CreateRow().AppendValue(...).EndRow() chains. Prints rows/s and CPU per mode.
// Usage: dotnet run -c Release build/tools/duckdb-appender-throughput.cs -- [rows=2000000] [repeats=3]
#:project ../../Bench.Pipeline/Bench.Pipeline.csproj
#:property PublishAot=false

using System.Diagnostics;
using System.Globalization;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.DuckDb;
using DuckDB.NET.Data;

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var doubles = Enumerable.Range(0, 21).Select(c => Enumerable.Range(0, rows).Select(r => c == 5 && r % 4 == 0 ? double.NaN : r * 0.5 + c).ToArray()).ToArray();
var epoch = Enumerable.Range(0, rows).Select(r => 1_700_000_000L + r).ToArray();
var results = new Dictionary<string, List<(double Seconds, double Cpu)>> { ["AppendRow<TState>"] = [], ["CreateRow chain"] = [] };

for (var repeat = 0; repeat < repeats; repeat++)
{
    foreach (var mode in results.Keys)
    {
        var path = Path.Combine(Path.GetTempPath(), $"appender-{Environment.ProcessId}.duckdb");
        File.Delete(path);
        File.Delete(path + ".wal");
        using (var file = DuckDbFile.Open(path))
        {
            file.Execute(SqlDialect.DuckDb.CreateTable("t", ResultSchema.TimelineColumns));
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            using (var appender = file.CreateAppender("t"))
            {
                var state = new State(doubles, epoch);
                for (state.Row = 0; state.Row < rows; state.Row++)
                {
                    if (mode == "CreateRow chain")
                    {
                        var row = appender.CreateRow();
                        state.Fill(row);
                        row.EndRow();
                    }
                    else
                    {
                        appender.AppendRow(state, static (row, s) => s.Fill(row));
                    }
                }

                appender.Close();
            }

            watch.Stop();
            results[mode].Add((watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds));
            var check = file.Query("SELECT count(*), count(carbon_g_per_kwh), sum(epoch_s) FROM t").Rows.Single();
            if ((long)check[0]! != rows || (long)check[1]! != rows - (rows + 3) / 4)
            {
                throw new InvalidOperationException($"{mode}: read back {check[0]} rows, {check[1]} non-NULL");
            }
        }

        File.Delete(path);
        File.Delete(path + ".wal");
    }
}

foreach (var (mode, runs) in results)
{
    var seconds = runs.Select(r => r.Seconds).Order().ToList();
    var cpu = runs.Select(r => r.Cpu).Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{mode,-18} {rows:N0} rows x 24 columns: median {seconds[seconds.Count / 2]:F2} s = {rows / seconds[seconds.Count / 2]:N0} rows/s, " +
        $"CPU {cpu[cpu.Count / 2]:F2} s (runs: {string.Join(", ", seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))})"));
}

/// <summary>Values of one row, read from column arrays like DuckDbResultWriter reads a NodeTimeline.</summary>
internal sealed class State(double[][] doubles, long[] epoch)
{
    public int Row { get; set; }

    public void Fill(IDuckDBAppenderRow row)
    {
        row.AppendValue("batch").AppendValue("cn0042").AppendValue(epoch[Row]);
        foreach (var column in doubles)
        {
            var value = column[Row];
            if (double.IsNaN(value))
            {
                row.AppendNullValue();
            }
            else
            {
                row.AppendValue(value);
            }
        }
    }
}
