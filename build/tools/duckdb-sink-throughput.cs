#!/usr/bin/env dotnet
// Timeline rows/s through DuckDbResultSink alone: analyses a profile once into memory, then writes the same
// timelines and summary into a fresh DuckDB file N times (open, Begin, Write every node, Commit, dispose),
// timing only the sink. Prints each run and the median, wall and process CPU.
// Usage: dotnet run -c Release build/tools/duckdb-sink-throughput.cs -- <profile.h5> [repeats=5]
#:project ../../Bench.Pipeline/Bench.Pipeline.csproj
#:property PublishAot=false

using System.Diagnostics;
using System.Globalization;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.DuckDb;
using Bench.Pipeline.Timeline;

var profile = args[0];
var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var capture = new CaptureSink();
var result = await FileAnalysis.RunAsync(profile, TariffSources.None, capture);
var rows = capture.Timelines.Sum(t => (long)t.Length);
var runs = new List<(double Wall, double Cpu)>();
for (var i = 0; i < repeats; i++)
{
    var db = Path.Combine(Path.GetTempPath(), $"sink-throughput-{Environment.ProcessId}.duckdb");
    File.Delete(db);
    File.Delete(db + ".wal");
    GC.Collect();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    using (var sink = DuckDbResultSink.Open(db))
    {
        using var writer = sink.Begin(capture.Target!);
        foreach (var timeline in capture.Timelines)
        {
            writer.Write(timeline);
        }

        writer.Commit(result, new ResultProvenance(null, null, DateTimeOffset.UtcNow));
    }

    watch.Stop();
    runs.Add((watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"run {i + 1}: {rows:N0} rows in {runs[^1].Wall:F2} s wall, {runs[^1].Cpu:F2} CPU-s, {new FileInfo(db).Length / 1048576.0:F1} MiB"));
    File.Delete(db);
    File.Delete(db + ".wal");
}

var wall = runs.Select(r => r.Wall).Order().ToList()[runs.Count / 2];
var cpus = runs.Select(r => r.Cpu).Order().ToList()[runs.Count / 2];
var driver = typeof(DuckDbResultSink).Assembly.GetReferencedAssemblies().Any(a => a.Name == "DuckDB.NET.Data") ? "DuckDB.NET" : "hand-written interop";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{driver}: " +
    $"median {wall:F2} s = {rows / wall:N0} rows/s wall; {cpus:F2} CPU-s = {rows / cpus:N0} rows per CPU-second"));

/// <summary>Keeps the analysis's timelines in memory instead of writing them.</summary>
internal sealed class CaptureSink : IResultSink
{
    public List<NodeTimeline> Timelines { get; } = [];

    public ResultTarget? Target { get; private set; }

    public IResultWriter Begin(ResultTarget target)
    {
        Target = target;
        return new Writer(this);
    }

    public void Dispose()
    {
    }

    private sealed class Writer(CaptureSink sink) : IResultWriter
    {
        public string TableName => "job_capture";

        public void Write(NodeTimeline timeline) => sink.Timelines.Add(timeline);

        public void Commit(AnalysisResult result, ResultProvenance provenance)
        {
        }

        public void Dispose()
        {
        }
    }
}
