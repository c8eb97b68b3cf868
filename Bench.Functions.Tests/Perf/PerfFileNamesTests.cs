using Bench.Pipeline.Jobs;
using Bench.Pipeline.Perf;

namespace Bench.Functions.Tests.Perf;

public sealed class PerfFileNamesTests
{
    [Theory]
    [InlineData("flops_matrix_mul_job_9799476_flops_9799476.csv", "9799476")] // the client's upload, sanitised
    [InlineData("flops_9799476.csv", "9799476")]
    [InlineData("runs/flops/job_77/likwid.csv", "77")]                        // a local path: its job_<id> directory
    [InlineData("alice_job_12_rank3.csv", "12")]
    [InlineData("job_5_a_7.csv", "7")]                                         // _<id>.csv at the end wins
    [InlineData("perf.csv", null)]
    [InlineData("myjob_77_x.csv", null)]                                       // job_ must start a segment
    public void TheJobIdComesFromTheEndOrAJobSegment(string name, string? expected) =>
        Assert.Equal(expected, PerfFileNames.SlurmJobId(name));

    [Theory]
    [InlineData("flops_matrix_mul_job_9799476_flops_9799476.csv", "9799476", "flops_matrix_mul")]
    [InlineData("flops_matrix_mul_job_9799476_flops_9799476.csv", "1", null)]
    [InlineData("job_9799476_x.csv", "9799476", null)]
    public void AnObjectNamesItsBenchmarkBeforeJobId(string name, string id, string? expected) =>
        Assert.Equal(expected, BenchmarkNames.FromObjectName(name, id));

    [Theory]
    [InlineData("/home/alice/results/flops_matrix_mul/job_9799476/flops_9799476.csv", "9799476", "flops_matrix_mul")]
    [InlineData("/home/alice/stream_job_42_out.csv", "42", "stream")]
    [InlineData("/profiles/9799476_batch_c0107.h5", "9799476", null)]
    public void ALocalPathNamesTheDirectoryAboveJobId(string path, string id, string? expected) =>
        Assert.Equal(expected, BenchmarkNames.FromLocalPath(path, id));
}
