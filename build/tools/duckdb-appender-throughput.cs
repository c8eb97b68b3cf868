#!/usr/bin/env dotnet
// Measures DuckDbAppender throughput on rows shaped like result tables: 4 BIGINT, 14 DOUBLE, 2 VARCHAR.
// Usage: dotnet run -c Release build/tools/duckdb-appender-throughput.cs -- [rows=3000000] [file]
#:project ../../Bench.Pipeline/Bench.Pipeline.csproj
#:property PublishAot=false

using System.Diagnostics;
using System.Globalization;
using Bench.Pipeline.DuckDb;

var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 3_000_000;
var path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"appender-throughput-{Environment.ProcessId}.duckdb");
File.Delete(path);
File.Delete(path + ".wal");

var columns = string.Join(", ",
    Enumerable.Range(0, 4).Select(i => $"i{i} BIGINT")
        .Concat(Enumerable.Range(0, 14).Select(i => $"d{i} DOUBLE"))
        .Concat(["s0 VARCHAR", "s1 VARCHAR"]));

using (var db = DuckDbDatabase.Open(path))
using (var connection = db.Connect())
{
    connection.Execute($"CREATE TABLE samples ({columns})");
    var nodes = Enumerable.Range(0, 64).Select(n => $"node{n:D3}").ToArray();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    using (var appender = connection.CreateAppender("samples"))
    {
        for (long r = 0; r < rows; r++)
        {
            appender.Append(r).Append(r * 10).Append(r % 64).Append(1_700_000_000_000_000 + r);
            for (var d = 0; d < 14; d++)
            {
                appender.Append(r * 0.5 + d);
            }

            appender.Append(nodes[r % 64]).Append("step_batch").EndRow();
        }

        appender.Close();
    }

    watch.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var check = connection.Query("SELECT count(*), sum(i0) FROM samples");
    Console.WriteLine(
        $"DuckDB {DuckDbDatabase.LibraryVersion}: appended {check.GetInt64(0, 0):N0} rows x 20 columns in {watch.Elapsed.TotalSeconds:F2} s " +
        $"= {rows / watch.Elapsed.TotalSeconds:N0} rows/s ({rows * 20 / watch.Elapsed.TotalSeconds:N0} values/s); " +
        $"process CPU {cpu.TotalSeconds:F2} s = {rows / cpu.TotalSeconds:N0} rows per CPU-second; " +
        $"sum(i0) = {check.GetInt64(0, 1)} (expected {rows * (rows - 1) / 2})");
}

Console.WriteLine($"file size: {new FileInfo(path).Length / 1024.0 / 1024.0:F1} MiB ({path})");
File.Delete(path);
File.Delete(path + ".wal");
