using Bench.Functions.Jobs;

namespace Bench.Functions.Tests.Jobs;

/// <summary>Which Slurm job and benchmark an upload belongs to, from its sanitised name and its metadata (SPEC11).</summary>
public sealed class UploadIdentityTests
{
    [Theory]
    [InlineData("alice/flops_matrix_mul_job_9799476_flops_9799476.csv", "perf", "9799476", "flops_matrix_mul")]
    [InlineData("alice/flops_job_9799476_9799476_batch_c0107.h5", "profile", "9799476", "flops")]
    [InlineData("alice/9799476_0_c0107.h5", "profile", "9799476", null)]
    [InlineData("alice/cane12345_67890_0_cn1.h5", "profile", "67890", null)]
    [InlineData("alice/job_4242.h5", "profile", "4242", null)]
    [InlineData("alice/hpl_job_88_results.CSV", "perf", "88", "hpl")]
    [InlineData("alice/perf.csv", "perf", null, null)]
    [InlineData("alice/profile.h5", "profile", null, null)]
    [InlineData("alice/hpl_job_88_4242_batch_cn1.h5", "profile", "4242", null)]          // the folder's job is not the file's: no benchmark
    [InlineData("alice/stream-job_0077_rank1.csv", "perf", "0077", null)]              // as analyze reads it: a job segment after any non-alphanumeric, the id as written (the .h5 rule keeps zeros too)
    [InlineData("alice/a_job_1_b_job_2_x.csv", "perf", "2", "a_job_1_b")]                // the job segment nearest the file wins, as in analyze
    public void TheNameGivesKindJobAndBenchmark(string key, string kind, string? slurmJobId, string? benchmark)
    {
        var identity = UploadIdentity.Of(key);

        Assert.Equal(kind, identity.Kind);
        Assert.Equal(slurmJobId, identity.SlurmJobId);
        Assert.Equal(benchmark, identity.Benchmark);
        Assert.Equal("", identity.Cluster);
    }

    [Fact]
    public void MetadataWinsOverTheNameInAnySpellingAndIsSanitisedLikeObjectNames()
    {
        var metadata = new Dictionary<string, string> { ["X-Amz-Meta-Benchmark"] = "stream triad", ["x-amz-meta-cluster"] = "lumi" };

        var identity = UploadIdentity.Of("alice/flops_job_1_1_batch_n1.h5", metadata);

        Assert.Equal("stream_triad", identity.Benchmark);
        Assert.Equal("lumi", identity.Cluster);
        Assert.Equal("1", identity.SlurmJobId);
        Assert.Equal("flops", UploadIdentity.Of("alice/flops_job_1_1_batch_n1.h5", new Dictionary<string, string> { ["benchmark"] = "  " }).Benchmark);
    }

    [Theory]
    [InlineData("alice/notes.txt")]
    [InlineData("alice/profile.h5.bak")]
    public void OtherSuffixesAreNoUpload(string key) => Assert.Null(UploadKinds.Of(key));
}
