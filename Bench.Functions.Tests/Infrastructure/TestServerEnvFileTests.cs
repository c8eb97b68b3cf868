namespace Bench.Functions.Tests.Infrastructure;

public sealed class TestServerEnvFileTests
{
    [Fact]
    public void ExportLinesAreReadWithShellQuotesRemoved()
    {
        var values = TestServerEnvFile.Parse(
        [
            "# Written by scripts/services.sh",
            "export BENCH_TEST_POSTGRES='Host=127.0.0.1;Port=25400;Password=ab'\\''cd'",
            "export BENCH_TEST_S3_REGION='us-east-1'",
            "",
            "not an export",
        ]);

        Assert.Equal(2, values.Count);
        Assert.Equal("Host=127.0.0.1;Port=25400;Password=ab'cd", values["BENCH_TEST_POSTGRES"]);
        Assert.Equal("us-east-1", values["BENCH_TEST_S3_REGION"]);
    }

    [Fact]
    public void MissingSettingNamesTheVariableAndTheScriptToRun()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => TestServers.Require("BENCH_TEST_NO_SUCH_SETTING_" + Guid.NewGuid().ToString("N")));

        Assert.Contains("BENCH_TEST_NO_SUCH_SETTING_", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/test.sh", error.Message, StringComparison.Ordinal);
    }
}
