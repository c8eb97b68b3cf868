using System.Net;
using System.Text.Json;
using Bench.Functions.Tests.Contract;
using Bench.Functions.Tests.Hosting;
using Bench.Functions.Tests.Infrastructure;

namespace Bench.Functions.Tests.Storage;

/// <summary>
/// <c>GET /storage/list</c> without <c>limit</c> answers every object of the caller at once (the Python
/// contract), across many S3 pages, against the real S3 server.
/// </summary>
public sealed class ListEverythingTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private RunningApp App => fixture.App;

    [Fact]
    public async Task WithoutALimitAllFifteenHundredObjectsComeInOneAnswerEachOnceInKeyOrder()
    {
        var (user, _, tokens) = await App.RegisterAsync();
        var (other, _, _) = await App.RegisterAsync();
        // Shuffled names, so key order is the server's doing; 1,500 keys are two S3 pages of 1,000.
        var keys = Enumerable.Range(0, 1_500).Select(i => $"{user}/run-{(i * 7_919) % 1_500:D4}.h5").ToList();
        await PutAllAsync([.. keys, $"{other}/not-mine.h5"]);
        try
        {
            await AssertListsAllAsync(tokens.Access, keys);
        }
        finally
        {
            // The fixture empties the bucket one key at a time; 1,500 go faster here, in parallel.
            using var s3 = fixture.Servers.S3Client();
            await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, cancellationToken) =>
                await s3.DeleteObjectAsync(fixture.Servers.BucketName, key, cancellationToken));
        }
    }

    private async Task AssertListsAllAsync(string access, List<string> keys)
    {
        foreach (var path in new[] { "/storage/list", "/files/list" })
        {
            using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, path, access), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Empty(ResponseShapes.Check(OpenApiContract.Repo, path, "GET", 200, response.Content.Headers.ContentType, text));
            using var body = JsonDocument.Parse(text);
            Assert.Equal(["objects", "next_cursor"], body.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("next_cursor").ValueKind);
            var objects = body.RootElement.GetProperty("objects").EnumerateArray().ToList();
            var listed = objects.Select(o => o.GetProperty("key").GetString()!).ToList();

            Assert.Equal(1_500, listed.Count);
            Assert.Equal(keys.Order(StringComparer.Ordinal), listed);
            Assert.All(objects, o => Assert.Equal(2, o.GetProperty("size").GetInt64()));
            Assert.All(objects, o => Assert.InRange(o.GetProperty("last_modified").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1)));
        }
    }

    [Fact]
    public async Task ACursorWithoutALimitListsEverythingAfterIt()
    {
        var (user, _, tokens) = await App.RegisterAsync();
        await PutAllAsync(Enumerable.Range(0, 5).Select(i => $"{user}/k{i}.h5"));

        using var first = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/storage/list?limit=2", tokens.Access));
        var cursor = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("next_cursor").GetString();
        using var rest = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/storage/list?cursor={cursor}", tokens.Access));
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        var listed = JsonDocument.Parse(await rest.Content.ReadAsStringAsync()).RootElement.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("key").GetString());
        Assert.Equal([$"{user}/k2.h5", $"{user}/k3.h5", $"{user}/k4.h5"], listed);
    }

    [Fact]
    public async Task AnUnreachableStorageServerIsA503ProblemNotACutShortList()
    {
        await using var app = await fixture.StartVariantAsync(("MINIO_ENDPOINT", "http://127.0.0.1:1"), ("BENCH_S3_TIMEOUT_SECONDS", "2"));
        var (_, _, tokens) = await app.RegisterAsync();
        using var response = await app.Client.SendAsync(app.Authorized(HttpMethod.Get, "/storage/list", tokens.Access));
        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    // Straight to S3 with the test client, many at a time: the test is about listing, not uploading.
    private async Task PutAllAsync(IEnumerable<string> keys)
    {
        using var s3 = fixture.Servers.S3Client();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, cancellationToken) =>
            await s3.PutObjectAsync(S3Fixture.NewPut(fixture.Servers.BucketName, key, [1, 2]), cancellationToken));
    }
}
