using Bench.Pipeline.Perf;

namespace Bench.Functions.Tests.Perf;

/// <summary>
/// likwid-perfctr -O output as LIKWID 5 writes it (lines padded with commas, STRUCT and TABLE sections);
/// every expected figure is worked out by hand in the comments.
/// </summary>
public sealed class LikwidCountersTests
{
    private const string TwoThreadsFlopsDp = """
        STRUCT,Info,3,,
        CPU name:,Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz,,
        CPU type:,Intel Skylake SP processor,,
        CPU clock:,2.39 GHz,,
        TABLE,Group 1 Raw,FLOPS_DP,3,,
        Event,Counter,HWThread 0,HWThread 1
        INSTR_RETIRED_ANY,FIXC0,1000,2000
        CPU_CLK_UNHALTED_CORE,FIXC1,3000,4000
        FP_ARITH_INST_RETIRED_SCALAR_DOUBLE,PMC0,500,600
        TABLE,Group 1 Metric,FLOPS_DP,6,,
        Metric,HWThread 0,HWThread 1
        Runtime (RDTSC) [s],2.0,1.5
        Runtime unhalted [s],1.9,1.4
        Clock [MHz],2400,2400
        CPI,0.5,0.6
        DP [MFLOP/s],1000,3000
        AVX DP [MFLOP/s],0,-
        TABLE,Group 1 Metric STAT,FLOPS_DP,6,,
        Metric,Sum,Min,Max,Avg
        Runtime (RDTSC) [s] STAT,3.5,1.5,2.0,1.75
        DP [MFLOP/s] STAT,4000,1000,3000,2000
        """;

    [Fact]
    public void PerThreadRatesAddUpAndWorkIsEachThreadsRateTimesItsRuntime()
    {
        var report = LikwidCsvReader.Read(new StringReader(TwoThreadsFlopsDp), "flops_9799476.csv");
        var counters = LikwidCounters.From(report);

        Assert.Equal("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", report.Info["CPU name"]);
        Assert.Equal(4000, counters.DpMflops);                 // 1000 + 3000
        Assert.Equal(6.5, counters.DpGflop!.Value, 9);         // (1000 x 2.0 + 3000 x 1.5) / 1000
        Assert.Equal(2.0, counters.RuntimeS);                  // the longest thread
        Assert.Equal(2, counters.HardwareThreads);
        Assert.Null(counters.SpMflops);
        Assert.Empty(counters.Notes);                          // the STAT table is not used when threads are there
    }

    [Fact]
    public void EfficiencyIsWorkPerJouleOfTheEnergyBasis()
    {
        var counters = LikwidCounters.From(LikwidCsvReader.Read(new StringReader(TwoThreadsFlopsDp), "a.csv"));
        var efficiency = PerfEfficiency.Compute(counters, energyJ: 1300, energyBasis: "job");

        Assert.Equal("dp", efficiency.Precision);
        Assert.Equal(6.5, efficiency.GflopTotal!.Value, 9);
        Assert.Equal(0.005, efficiency.GflopsPerW!.Value, 12);     // 6.5 GFLOP / 1300 J
        Assert.Equal(18_000, efficiency.GflopPerKwh!.Value, 6);    // 0.005 x 3.6e6 J/kWh
        Assert.Equal("job", efficiency.EnergyBasis);
        Assert.Null(PerfEfficiency.Compute(counters, energyJ: 0, "job").GflopsPerW);
    }

    [Fact]
    public void AStatTableAloneGivesTheSumAndTheLongestRuntimeWithANote()
    {
        const string csv = """
            TABLE,Group 1 Metric STAT,FLOPS_DP,2,,
            Metric,Sum,Min,Max,Avg
            Runtime (RDTSC) [s] STAT,3.5,1.5,2.0,1.75
            DP [MFLOP/s] STAT,4000,1000,3000,2000
            """;
        var counters = LikwidCounters.From(LikwidCsvReader.Read(new StringReader(csv), "stat.csv"));

        Assert.Equal(4000, counters.DpMflops);
        Assert.Equal(8.0, counters.DpGflop!.Value, 9);         // 4000 MFLOP/s x 2.0 s (Max) / 1000
        Assert.Equal(2.0, counters.RuntimeS);
        Assert.Contains(counters.Notes, n => n.Contains("STAT", StringComparison.Ordinal));
    }

    [Fact]
    public void SinglePrecisionAndDoublePrecisionGroupsAreBothReadAndEfficiencyPrefersDouble()
    {
        const string csv = """
            TABLE,Group 1 Metric,FLOPS_SP,3,,
            Metric,HWThread 0
            Runtime (RDTSC) [s],4.0
            SP [MFLOP/s],800
            TABLE,Group 2 Metric,FLOPS_DP,3,,
            Metric,HWThread 0
            Runtime (RDTSC) [s],2.0
            DP [MFLOP/s],250
            """;
        var counters = LikwidCounters.From(LikwidCsvReader.Read(new StringReader(csv), "two-groups.csv"));
        var efficiency = PerfEfficiency.Compute(counters, energyJ: 100, "job");

        Assert.Equal(800, counters.SpMflops);
        Assert.Equal(3.2, counters.SpGflop!.Value, 9);         // 800 x 4.0 / 1000
        Assert.Equal(250, counters.DpMflops);
        Assert.Equal(4.0, counters.RuntimeS);                  // the longer group
        Assert.Equal("dp", efficiency.Precision);
        Assert.Equal(0.5, efficiency.GflopTotal!.Value, 9);    // 250 x 2.0 / 1000
    }

    [Fact]
    public void MarkerRegionsWithoutAWholeRunTableAreAddedWithANote()
    {
        const string csv = """
            TABLE,Region init,Group 1 Metric,FLOPS_DP,2,,,
            Metric,HWThread 0,HWThread 1
            Runtime (RDTSC) [s],1.0,1.0
            DP [MFLOP/s],100,100
            TABLE,Region solve,Group 1 Metric,FLOPS_DP,2,,,
            Metric,HWThread 0,HWThread 1
            Runtime (RDTSC) [s],2.0,-
            DP [MFLOP/s],50,nan
            """;
        var counters = LikwidCounters.From(LikwidCsvReader.Read(new StringReader(csv), "regions.csv"));

        Assert.Equal(250, counters.DpMflops);                  // 100 + 100 + 50 (nan skipped)
        Assert.Equal(0.3, counters.DpGflop!.Value, 9);         // (100 x 1 + 100 x 1 + 50 x 2) / 1000
        Assert.Equal(2.0, counters.RuntimeS);
        Assert.Contains(counters.Notes, n => n.Contains("2 marker region(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void CountersOfSeveralFilesAddUpAndTheRuntimeIsTheLongest()
    {
        var a = new PerfCounters(1000, null, 2.0, null, 2.0, 500, 2, []);
        var b = new PerfCounters(3000, 40, 9.0, 0.1, 3.0, null, 4, ["b"]);
        var combined = PerfCounters.Combine([a, b]);

        Assert.Equal(4000, combined.DpMflops);
        Assert.Equal(40, combined.SpMflops);
        Assert.Equal(11.0, combined.DpGflop);
        Assert.Equal(3.0, combined.RuntimeS);
        Assert.Equal(500, combined.MemoryBandwidthMBytesPerS);
        Assert.Equal(6, combined.HardwareThreads);
        Assert.Equal(["b"], combined.Notes);
    }

    [Theory]
    [InlineData("just,some\nother,csv\n", null, "no TABLE section")]
    [InlineData("TABLE,Group one Metric,FLOPS_DP,2\n", 1, "TABLE header")]
    [InlineData("TABLE,Group 1 Metric,FLOPS_DP,2\n", 1, "is empty")]
    [InlineData("TABLE,Group 1 Metric,FLOPS_DP,2\nMetric,HWThread 0\nDP [MFLOP/s],5\n", 1, "no 'Runtime (RDTSC) [s]' row")]
    [InlineData("TABLE,Group 1 Raw,FLOPS_DP,2\nEvent,Counter,HWThread 0\nINSTR_RETIRED_ANY,FIXC0,5\n", null, "no 'Group <n> Metric' table")]
    [InlineData("TABLE,Group 1 Metric,X,1\nMetric,HWThread 0\nRuntime (RDTSC) [s],1\n\u0000\u0001\u0002", 4, "binary data")]
    public void MalformedFilesFailNamingTheFileAndTheLine(string text, int? line, string expected)
    {
        var error = Assert.Throws<LikwidFormatException>(() => LikwidCounters.From(LikwidCsvReader.Read(new StringReader(text), "bad.csv")));

        Assert.Equal(line, error.Line);
        Assert.Contains("'bad.csv'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsAFormatErrorNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".csv");
        var error = Assert.Throws<LikwidFormatException>(() => LikwidCsvReader.ReadFile(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
