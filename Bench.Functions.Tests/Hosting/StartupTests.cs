using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Tests.Hosting;

/// <summary>Settings are checked before the app listens; a bad one stops it with a message naming the variable.</summary>
public sealed class StartupTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("JWT_SECRET", null, "JWT_SECRET is not set")]
    [InlineData("JWT_SECRET", "0123456789abcdef0123456789abcde", "JWT_SECRET is 31 bytes long; at least 32 are required")]
    [InlineData("POSTGRES_HOST", null, "POSTGRES_HOST is not set")]
    [InlineData("POSTGRES_DB", "", "POSTGRES_DB is not set")]
    [InlineData("POSTGRES_PASSWORD", null, "POSTGRES_PASSWORD is not set")]
    [InlineData("POSTGRES_PORT", "eighty", "POSTGRES_PORT must be an integer")]
    [InlineData("MINIO_SECRET_KEY", null, "MINIO_SECRET_KEY is not set")]
    [InlineData("MINIO_BUCKET", null, "MINIO_BUCKET is not set")]
    [InlineData("MINIO_ENDPOINT", "ftp://x", "MINIO_ENDPOINT must be host:port or an http(s) URL")]
    [InlineData("MINIO_PUBLIC_ENDPOINT", "http://host/path", "MINIO_PUBLIC_ENDPOINT must be host:port or an http(s) URL")]
    [InlineData("MINIO_SECURE", "maybe", "MINIO_SECURE must be true or false")]
    [InlineData("BENCH_PRESIGN_EXPIRY_SECONDS", "0", "BENCH_PRESIGN_EXPIRY_SECONDS must be an integer from 1 to 604800")]
    [InlineData("BENCH_PBKDF2_ITERATIONS", "1000", "BENCH_PBKDF2_ITERATIONS must be an integer from 210000")]
    public async Task ABadSettingStopsStartWithAMessageNamingIt(string name, string? value, string message)
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { [name] = value };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunningApp.StartAsync(settings));
        var failures = Bench.Functions.Cli.ServeCommand.ConfigurationErrors(error);
        Assert.Contains(failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServeWithoutSettingsExitsWithCode2AndListsEveryMissingVariable()
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Bench.Functions"), "serve --urls http://127.0.0.1:0")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var name in fixture.Settings.Keys)
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        foreach (var name in new[] { "JWT_SECRET", "POSTGRES_HOST", "POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "MINIO_ENDPOINT", "MINIO_ACCESS_KEY", "MINIO_SECRET_KEY", "MINIO_BUCKET" })
        {
            Assert.Contains($"  - {name} ", stderr, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableDatabaseStopsStartWithTheReason()
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["POSTGRES_PORT"] = RepoFiles.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var error = await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => RunningApp.StartAsync(settings));
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
        await using var app = await RunningApp.StartAsync(fixture.Settings, role: Bench.Functions.Hosting.ServeRole.Analysis);
        using var health = await app.Client.GetAsync("/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        using var login = await app.Client.PostAsync("/auth/login", null);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, login.StatusCode);
    }

    [Fact]
    public void OptionsValidationExceptionsAreFlattenedForTheMessage()
    {
        var error = new AggregateException(
            new OptionsValidationException("a", typeof(object), ["A is wrong."]),
            new OptionsValidationException("b", typeof(object), ["B is wrong.", "C is wrong."]));
        Assert.Equal(["A is wrong.", "B is wrong.", "C is wrong."], Bench.Functions.Cli.ServeCommand.ConfigurationErrors(error));
    }
}
