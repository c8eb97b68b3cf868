using System.Net;
using System.Net.Http.Json;
using Amazon.S3.Model;
using Bench.Functions.Functions;
using Bench.Functions.Storage;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Storage;

/// <summary>A user sees and signs only keys under their own name.</summary>
public sealed class IsolationTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private RunningApp App => fixture.App;

    [Fact]
    public async Task AListingHoldsOnlyTheCallersObjects()
    {
        var (alice, _, aliceTokens) = await App.RegisterAsync();
        var (bob, _, bobTokens) = await App.RegisterAsync();
        // A name that starts with alice's name must not leak into her listing either.
        var (aliceLonger, _, _) = await App.RegisterAsync(alice + "x");
        await PutAsync($"{alice}/a1.h5", 3);
        await PutAsync($"{alice}/a2.h5", 5);
        await PutAsync($"{bob}/b1.h5", 7);
        await PutAsync($"{aliceLonger}/c1.h5", 11);

        var aliceList = await ListAsync(aliceTokens.Access, "");
        Assert.Equal([$"{alice}/a1.h5", $"{alice}/a2.h5"], aliceList.Objects.Select(o => o.Key));
        Assert.Equal([3L, 5L], aliceList.Objects.Select(o => o.Size));
        Assert.All(aliceList.Objects, o => Assert.InRange(o.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.Null(aliceList.NextCursor);

        var bobList = await ListAsync(bobTokens.Access, "");
        Assert.Equal([$"{bob}/b1.h5"], bobList.Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task AnEmptyListingIsAnEmptyArray()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/storage/list", tokens.Access));
        Assert.Equal("{\"objects\":[],\"next_cursor\":null}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ListingPagesThroughEveryObjectOnceInKeyOrder()
    {
        var (user, _, tokens) = await App.RegisterAsync();
        var keys = Enumerable.Range(0, 7).Select(i => $"{user}/f{i:D2}.h5").ToList();
        foreach (var key in keys)
        {
            await PutAsync(key, 1);
        }

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await ListAsync(tokens.Access, cursor is null ? "?limit=3" : $"?limit=3&cursor={cursor}");
            Assert.InRange(page.Objects.Count, 1, 3);
            seen.AddRange(page.Objects.Select(o => o.Key));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(keys, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ACursorIntoAnotherUsersKeysIsRefused()
    {
        var (alice, _, _) = await App.RegisterAsync();
        var (_, _, bobTokens) = await App.RegisterAsync();
        await PutAsync($"{alice}/secret.h5", 1);
        // The cursor is the base64url of the last key; aim it just before alice's objects.
        var forged = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes($"{alice}/"));
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/storage/list?cursor={forged}", bobTokens.Access));
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("cursor", problem.Detail(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=1001")]
    [InlineData("?limit=abc")]
    [InlineData("?limit=-1")]
    [InlineData("?cursor=!!!")]
    public async Task BadListingQueryValuesAnswer400(string query)
    {
        var (_, _, tokens) = await App.RegisterAsync();
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/storage/list" + query, tokens.Access));
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("../x", "'..'")]
    [InlineData("/abs", "start with '/'")]
    [InlineData("", "required")]
    public async Task HostileNamesAreRefusedOnBothPresignRoutes(string name, string reason)
    {
        var (_, _, tokens) = await App.RegisterAsync();
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/storage/presign/upload"), (HttpMethod.Get, "/files/presign/download") })
        {
            using var response = await App.Client.SendAsync(App.Authorized(method, $"{path}?object_name={Uri.EscapeDataString(name)}", tokens.Access));
            var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
            Assert.Contains(reason, problem.Detail(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AMissingObjectNameAnswers400()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Post, "/storage/presign/upload", tokens.Access));
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ATenKilobyteNameIsRefusedAndUnicodeIsSanitizedIntoTheCallersPrefix()
    {
        var (user, _, tokens) = await App.RegisterAsync();
        using (var huge = await App.Client.SendAsync(App.Authorized(HttpMethod.Post, $"/storage/presign/upload?object_name={new string('a', 10_240)}", tokens.Access)))
        {
            await Problem.AssertAsync(huge, HttpStatusCode.BadRequest);
        }

        using var unicode = await App.Client.SendAsync(App.Authorized(HttpMethod.Post, $"/storage/presign/upload?object_name={Uri.EscapeDataString("énergie/..bob.h5".Replace("..", ".", StringComparison.Ordinal))}", tokens.Access));
        var presigned = await unicode.Content.ReadFromJsonAsync<PresignedUrl>(Wire.Json);
        Assert.Equal($"{user}/_nergie_.bob.h5", presigned!.Key);
    }

    [Fact]
    public async Task NoObjectNameReachesOutsideTheCallersPrefix()
    {
        var (alice, _, _) = await App.RegisterAsync();
        var (_, _, bobTokens) = await App.RegisterAsync();
        await PutAsync($"{alice}/private.h5", 1);
        foreach (var name in new[] { $"../{alice}/private.h5", $"{alice}/private.h5", $"%2F{alice}%2Fprivate.h5", $"\\{alice}\\private.h5" })
        {
            using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/storage/presign/download?object_name={Uri.EscapeDataString(name)}", bobTokens.Access));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var presigned = await response.Content.ReadFromJsonAsync<PresignedUrl>(Wire.Json);
                Assert.DoesNotContain('/', presigned!.Key[(presigned.Key.IndexOf('/', StringComparison.Ordinal) + 1)..]);
                Assert.False(presigned.Key.StartsWith(alice + "/", StringComparison.Ordinal), presigned.Key);
                using var get = await new HttpClient().GetAsync(presigned.Url);
                Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            }
            else
            {
                await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
            }
        }
    }

    private async Task PutAsync(string key, int size)
    {
        using var s3 = fixture.Servers.S3Client();
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = fixture.Servers.BucketName,
            Key = key,
            InputStream = new MemoryStream(new byte[size]),
            UseChunkEncoding = false,
        });
    }

    private async Task<ObjectListResponse> ListAsync(string access, string query)
    {
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/storage/list" + query, access));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ObjectListResponse>(Wire.Json))!;
    }
}
