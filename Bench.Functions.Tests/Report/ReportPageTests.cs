using System.Text.Json.Nodes;
using Bench.Functions.Report;

namespace Bench.Functions.Tests.Report;

/// <summary>The report's parts without a process: bucketing by hand, file names, and escaping.</summary>
public sealed class ReportPageTests
{
    [Fact]
    public void DownsamplingMeansPowerAndKeepsTheLastEnergyPerSharedBucket()
    {
        // t = 0..9, power = t W, energy = 10 t J; 5 buckets over 9 s: [0,1], [2,3], [4,5], [6,7], [8,9].
        var t = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        var busy = new CapturedNode("cn001", t, t.Select(v => (float)v).ToArray(), t.Select(v => v * 10).ToArray(), null, null);
        // A node with two samples keeps both, in the buckets of its times (0.5 s -> bucket 0, 9 s -> bucket 4).
        var sparse = new CapturedNode("cn002", [0.5, 9], [7, 9], [0, 50], null, null);

        var series = SeriesDownsampler.Downsample([busy, sparse], 5);

        Assert.Equal(9.0 / 5, series.BucketSeconds, 12);
        var a = series.Nodes[0];
        Assert.Equal([1.0, 3, 5, 7, 9], a.ElapsedS);
        Assert.Equal([0.5, 2.5, 4.5, 6.5, 8.5], a.PowerW);
        Assert.Equal([10.0, 30, 50, 70, 90], a.EnergyJ);
        Assert.Equal(10, a.Samples);
        Assert.Null(a.CostEur);
        var b = series.Nodes[1];
        Assert.Equal([0.5, 9], b.ElapsedS);
        Assert.Equal([7.0, 9], b.PowerW);
        Assert.Equal([0.0, 50], b.EnergyJ);
    }

    [Fact]
    public void CostIsTheLastPerBucketAndThePriceOnlyOnTheFirstNode()
    {
        double[] t = [0, 1, 2, 3];
        var a = new CapturedNode("a", t, [1, 1, 1, 1], [0, 1, 2, 3], [0, 0.1, 0.2, 0.3], [50, 50, 70, 70]);
        var b = new CapturedNode("b", t, [1, 1, 1, 1], [0, 1, 2, 3], [0, 0.1, 0.2, 0.3], [50, 50, 70, 70]);

        var series = SeriesDownsampler.Downsample([a, b], 2);

        Assert.Equal([0.1, 0.3], series.Nodes[0].CostEur!.Select(c => c!.Value));
        Assert.Equal([50.0, 70], series.Nodes[0].PriceEurPerMwh!.Select(p => p!.Value));
        Assert.Null(series.Nodes[1].PriceEurPerMwh);
        Assert.Equal([0.1, 0.3], series.Nodes[1].CostEur!.Select(c => c!.Value));
    }

    [Fact]
    public void PointsPerNodeShrinkWithManyNodesBetween200And2000()
    {
        Assert.Equal(2000, SeriesDownsampler.PointsFor(1));
        Assert.Equal(2000, SeriesDownsampler.PointsFor(25));
        Assert.Equal(781, SeriesDownsampler.PointsFor(64));
        Assert.Equal(200, SeriesDownsampler.PointsFor(5000));
    }

    [Theory]
    [InlineData("report.html", "42", false, "report.html")]
    [InlineData("report.html", "42", true, "report-42.html")]
    [InlineData("out/r.htm", "42", true, "out/r-42.htm")]
    [InlineData("report.html", "my job?", true, "report-my_job_.html")]
    public void ReportPathsNameEachJobWhenThereAreSeveral(string path, string job, bool several, string expected) =>
        Assert.Equal(expected, ReportPaths.For(path, job, several));

    [Fact]
    public void TextThatLooksLikeMarkupCannotCloseTheDataBlock()
    {
        var job = new JsonObject { ["slurm_job_id"] = "1", ["warnings"] = new JsonArray("</script><script>alert(1)</script>") };

        var html = HtmlReport.Render(job, null, DateTimeOffset.UnixEpoch);

        var data = ReportCommandTests.EmbeddedData(html);
        Assert.Equal("</script><script>alert(1)</script>", data["job"]!["warnings"]![0]!.GetValue<string>());
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("<title>Bench report: Slurm job 1</title>", html);
    }
}
