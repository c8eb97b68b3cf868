using System.Text.Json;
using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Sinks.DuckDb;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Cli;

/// <summary>
/// <c>analyze --perf</c> run as a separate process: LIKWID counters attached to the Slurm job they name,
/// set against its energy. Every expected figure is worked out by hand in the comments.
/// </summary>
public sealed class AnalyzePerfTests : IDisposable
{
    // Two threads: DP 1000 and 3000 MFLOP/s for 2.0 and 1.5 s -> 4000 MFLOP/s, (2000 + 4500) / 1000 = 6.5 GFLOP.
    private const string TwoThreads = """
        STRUCT,Info,2,,
        CPU name:,Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz,,
        CPU clock:,2.39 GHz,,
        TABLE,Group 1 Metric,FLOPS_DP,2,,
        Metric,HWThread 0,HWThread 1
        Runtime (RDTSC) [s],2.0,1.5
        DP [MFLOP/s],1000,3000
        """;

    // One thread: DP 500 MFLOP/s for 4.0 s -> 2.0 GFLOP.
    private const string OneThread = """
        TABLE,Group 1 Metric,FLOPS_DP,2,,
        Metric,HWThread 0
        Runtime (RDTSC) [s],4.0
        DP [MFLOP/s],500
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A merged profile of one node at a constant power: watts x seconds joules.</summary>
    private string Profile(string relativePath, ulong watts, int seconds) => ConstantPowerProfile.Write(_dir.File(relativePath), watts, seconds);

    private string Csv(string relativePath, string text)
    {
        var path = _dir.File(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task CountersOfAllCsvsOfTheJobAreAddedAndSetAgainstItsEnergyInJsonAndTheDatabase()
    {
        // 1000 W for 3600 s: 3.6e6 J = exactly 1 kWh.
        var profile = Profile("flops_matrix_mul/job_77/job_77.h5", 1000, 3600);
        var a = Csv("flops_matrix_mul/job_77/flops_77.csv", TwoThreads);
        var b = Csv("flops_matrix_mul/job_77/rank1.csv", OneThread); // names job 77 through its job_77 directory
        var db = _dir.File("results.duckdb");

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", profile, "--perf", a, "--perf", b, "--json", "--db", db, "--no-progress");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var job = Assert.Single(JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray());
        Assert.Equal("flops_matrix_mul", job.GetProperty("benchmark").GetString()); // the directory above job_77/
        var perf = job.GetProperty("perf");
        Assert.Equal(4500, perf.GetProperty("dp_mflops").GetDouble(), 9);           // 4000 + 500
        Assert.Equal(JsonValueKind.Null, perf.GetProperty("sp_mflops").ValueKind);
        Assert.Equal(4.0, perf.GetProperty("runtime_s").GetDouble(), 9);            // the longest: 4.0 s
        Assert.Equal(8.5, perf.GetProperty("gflop_total").GetDouble(), 9);          // 6.5 + 2.0
        Assert.Equal(8.5 / 3.6e6, perf.GetProperty("gflops_per_w").GetDouble(), 15); // GFLOP per J
        Assert.Equal(8.5, perf.GetProperty("gflop_per_kwh").GetDouble(), 9);        // the job used 1 kWh
        Assert.Equal("dp", perf.GetProperty("precision").GetString());
        Assert.Equal("job", perf.GetProperty("energy_basis").GetString());
        Assert.Equal(["dp_mflops", "sp_mflops", "runtime_s", "gflop_total", "gflops_per_w", "gflop_per_kwh", "precision", "energy_basis"],
            perf.EnumerateObject().Select(p => p.Name));

        using var file = DuckDbFile.Open(db, DuckDbFileOptions.ReadOnly);
        var row = file.Query("SELECT benchmark, perf::VARCHAR, energy_to_solution_j FROM slurm_jobs").Rows.Single();
        Assert.Equal("flops_matrix_mul", row[0]);
        using var stored = JsonDocument.Parse((string)row[1]!);
        Assert.Equal(8.5, stored.RootElement.GetProperty("gflop_per_kwh").GetDouble(), 9);
        Assert.Equal(4500, stored.RootElement.GetProperty("dp_mflops").GetDouble(), 9);
        Assert.Equal("job", stored.RootElement.GetProperty("energy_basis").GetString());
        Assert.Equal(3.6e6, (double)row[2]!, 6);
    }

    [Fact]
    public async Task TheBenchmarkOptionWinsAndTheReportPrintsAPerformanceSection()
    {
        // 500 W for 100 s = 50,000 J; 6.5 GFLOP / 50,000 J = 1.3e-4 GFLOP/s per W; x 3.6e6 = 468 GFLOP per kWh.
        var profile = Profile("flops/job_5/job_5.h5", 500, 100);
        var csv = Csv("likwid_5.csv", TwoThreads);

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", profile, "--perf", csv, "--benchmark", "stream", "--no-progress");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Matches(@"benchmark\s+│\s+stream", run.Stdout);
        Assert.Contains("performance (counters)", run.Stdout);
        Assert.Matches(@"DP MFLOP/s\s+4,000\.0", run.Stdout);
        Assert.Matches(@"runtime \(longest thread\)\s+2 s", run.Stdout);
        Assert.Matches(@"work \(DP\)\s+6\.500 GFLOP", run.Stdout);
        Assert.Matches(@"GFLOP/s per W\s+1\.3e-4\b", run.Stdout);
        Assert.Matches(@"GFLOP per kWh\s+468\b", run.Stdout);
    }

    [Fact]
    public async Task EachCsvGoesToTheJobItsNameNames()
    {
        var seven = Profile("job_7.h5", 1000, 3600); // 1 kWh
        var eight = Profile("job_8.h5", 2000, 3600); // 2 kWh

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", seven, eight,
            "--perf", Csv("a_7.csv", TwoThreads), "--perf", Csv("b_8.csv", OneThread), "--json", "--no-progress");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var jobs = JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray().ToDictionary(j => j.GetProperty("slurm_job_id").GetString()!);
        Assert.Equal(6.5, jobs["7"].GetProperty("perf").GetProperty("gflop_per_kwh").GetDouble(), 9); // 6.5 GFLOP / 1 kWh
        Assert.Equal(1.0, jobs["8"].GetProperty("perf").GetProperty("gflop_per_kwh").GetDouble(), 9); // 2.0 GFLOP / 2 kWh
        Assert.Equal(JsonValueKind.Null, jobs["7"].GetProperty("benchmark").ValueKind);
    }

    [Fact]
    public async Task WithoutPerfTheJobSaysNullForPerfAndBenchmark()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "analyze", Profile("job_9.h5", 100, 10), "--json", "--no-progress");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var job = Assert.Single(JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("perf").ValueKind);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("benchmark").ValueKind);
    }

    [Fact]
    public async Task ACsvThatNamesNoJobIsRefusedWhenSeveralJobsAreAnalysed()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "analyze", Profile("job_1.h5", 100, 10), Profile("job_2.h5", 100, 10),
            "--perf", Csv("perf.csv", OneThread), "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("perf.csv names no Slurm job", run.Stderr);
        Assert.Contains("Slurm job 1, Slurm job 2", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task ACsvNamingAnotherJobIsRefusedAndOneNamingNoneGoesToTheOnlyJob()
    {
        var profile = Profile("job_1.h5", 1000, 3600);

        var other = await CliProcess.RunAsync(_dir.Path, "analyze", profile, "--perf", Csv("flops_42.csv", OneThread));
        var unnamed = await CliProcess.RunAsync(_dir.Path, "analyze", profile, "--perf", Csv("perf.csv", OneThread), "--json");

        Assert.Equal(2, other.ExitCode);
        Assert.Contains("flops_42.csv names Slurm job 42, which is not among the jobs analysed (Slurm job 1)", other.Stderr);
        Assert.True(unnamed.ExitCode == 0, unnamed.Stderr);
        var job = Assert.Single(JsonDocument.Parse(unnamed.Stdout).RootElement.EnumerateArray());
        Assert.Equal(2.0, job.GetProperty("perf").GetProperty("gflop_per_kwh").GetDouble(), 9);
    }

    [Fact]
    public async Task AMalformedCsvStopsTheRunBeforeAnythingIsAnalysedNamingFileAndLine()
    {
        var profile = Profile("job_3.h5", 100, 10);
        var bad = Csv("bad_3.csv", "TABLE,Group 1 Metric,FLOPS_DP,2\nMetric,HWThread 0\nDP [MFLOP/s],5\n");
        var db = _dir.File("results.duckdb");

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", profile, "--perf", bad, "--db", db, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"'{bad}' line 1: the Metric table of group 1 (FLOPS_DP) has 'DP [MFLOP/s]' but no 'Runtime (RDTSC) [s]' row", run.Stderr);
        Assert.Contains("nothing analysed", run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.False(File.Exists(db));
    }
}
