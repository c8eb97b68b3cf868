using System.Diagnostics;
using Amazon.S3.Model;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// keda/burst.sh (the upload burst docs/deploy.md uses to watch scaling) against the real app and S3
/// on loopback: it registers, then logs in on a second run, and every upload lands as an object.
/// </summary>
public sealed class BurstScriptTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task EveryUploadOfTheBurstLandsInTheUsersFolderWithTheFilesBytes()
    {
        var user = RunningApp.NewUsername();
        var password = "pw-" + Guid.NewGuid().ToString("N")[..16];
        var sample = Path.Combine(RepoFiles.Root, "samples", "job_20251.h5");

        var first = await RunAsync(user, password, "3", sample);
        Assert.Equal(3, first.Count(l => l.StartsWith($"uploaded {user}/job_20251-", StringComparison.Ordinal)));
        // The same user again: registration answers 409 and the script logs in.
        var second = await RunAsync(user, password, "2", sample);
        Assert.Equal(2, second.Count(l => l.StartsWith("uploaded ", StringComparison.Ordinal)));

        using var s3 = fixture.Servers.S3Client();
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = fixture.Servers.BucketName, Prefix = user + "/" });
        var objects = listing.S3Objects ?? [];
        Assert.Equal(5, objects.Count);
        Assert.All(objects, o => Assert.Equal(new FileInfo(sample).Length, o.Size));
        Assert.Equal(first.Concat(second).Select(l => l["uploaded ".Length..]).Order(StringComparer.Ordinal), objects.Select(o => o.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AWrongPasswordForAnExistingUserStopsTheBurstWithTheReason()
    {
        var user = RunningApp.NewUsername();
        await RunAsync(user, "pw-right-one-123", "1", Path.Combine(RepoFiles.Root, "samples", "job_20251.h5"));
        var error = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() =>
            RunAsync(user, "pw-wrong-one-123", "1", Path.Combine(RepoFiles.Root, "samples", "job_20251.h5")));
        Assert.Contains("(HTTP 401)", error.Message, StringComparison.Ordinal);
    }

    private async Task<List<string>> RunAsync(string user, string password, string count, string file)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Keda.Dir, "burst.sh"), fixture.App.BaseAddress.ToString(), count, file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BENCH_USER"] = user;
        start.Environment["BENCH_PASSWORD"] = password;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"burst.sh exited {process.ExitCode}: {stderr}");
        }

        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
