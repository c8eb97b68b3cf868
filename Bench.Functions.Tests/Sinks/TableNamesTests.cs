using Bench.Pipeline.Sinks;

namespace Bench.Functions.Tests.Sinks;

public class TableNamesTests
{
    [Theory]
    [InlineData("job_12345", "job_job_12345")]
    [InlineData("12345_0_cn001", "job_12345_0_cn001")]
    [InlineData("My-Run.2024 Final", "job_my_run_2024_final")]
    [InlineData("Ünïcode", "job__n_code")]
    public void StemsBecomeLowercaseAsciiNames(string stem, string expected) =>
        Assert.Equal(expected, TableNames.ForStem(stem, "/data/" + stem + ".h5"));

    [Fact]
    public void LongStemsAreCutTo63BytesWithAHashOfTheSource()
    {
        var stem = new string('a', 100);

        var first = TableNames.ForStem(stem, "/one/" + stem + ".h5");
        var second = TableNames.ForStem(stem, "/two/" + stem + ".h5");

        Assert.Equal(63, first.Length);
        Assert.Matches("^job_a+_[0-9a-f]{8}$", first);
        Assert.NotEqual(first, second);
        Assert.Equal(first, TableNames.ForStem(stem, "/one/" + stem + ".h5"));
    }

    [Fact]
    public void AClashGetsAHashedNameThatStillFits()
    {
        var plain = TableNames.ForStem("job_7", "s3://b/alice/job_7.h5");

        var hashed = TableNames.WithHash(plain, "s3://b/bob/job_7.h5");

        Assert.StartsWith("job_job_7_", hashed, StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9_]{1,63}$", hashed);
    }

    [Theory]
    [InlineData("/data/job_1.h5", "job_1")]
    [InlineData("alice/sub/123_batch_cn01.h5", "123_batch_cn01")]
    [InlineData("noext", "noext")]
    public void StemIsTheFileNameWithoutExtension(string path, string stem) =>
        Assert.Equal(stem, TableNames.StemOf(path));
}
