namespace Bench.Functions.Tests.Hosting;

/// <summary>Settings are checked before the app listens; a bad one stops it with a message naming the variable.</summary>
public sealed class StartupTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task AnUnreachableDatabaseStopsStartWithTheReason()
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["POSTGRES_PORT"] = RepoFiles.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        // The worker process ends with its reason; the host reports it with the worker's last lines.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunningApp.StartAsync(settings));
        Assert.Contains("the worker exited (code 1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("NpgsqlException", error.Message, StringComparison.Ordinal);
        Assert.Contains("Failed to connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BucketCreationAtStartMakesTheBucketAndToleratesItExisting()
    {
        var bucket = "bench-app-created-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["MINIO_BUCKET"] = bucket, ["BENCH_CREATE_BUCKET"] = "true" };
        using var s3 = fixture.Servers.S3Client();
        try
        {
            await using (var first = await RunningApp.StartAsync(settings))
            {
                var listing = await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket });
                Assert.Equal(System.Net.HttpStatusCode.OK, listing.HttpStatusCode);
            }

            await using var second = await RunningApp.StartAsync(settings);
            Assert.Contains(second.Logs.Lines, l => l.Contains($"Bucket {bucket} already exists", StringComparison.Ordinal));
        }
        finally
        {
            await s3.DeleteBucketAsync(bucket);
        }
    }

    [Fact]
    public async Task TheAnalysisRoleServesHealthButNotTheHttpFunctions()
    {
        await using var app = await RunningApp.StartAsync(fixture.Settings, role: ServeRole.Analysis);
        using var health = await app.Client.GetAsync("/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        using var login = await app.Client.PostAsync("/auth/login", null);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, login.StatusCode);
    }
}
