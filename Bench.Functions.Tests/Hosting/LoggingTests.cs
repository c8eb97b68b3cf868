using System.Net.Http.Json;
using System.Text.Json;

namespace Bench.Functions.Tests.Hosting;

public sealed class LoggingTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task LogFilePathGetsOneJsonObjectPerLineWithTheRequestIdAndNoSecrets()
    {
        var path = Path.Combine(Path.GetTempPath(), "bench-log-" + Guid.NewGuid().ToString("N"), "app.log");
        try
        {
            string password;
            await using (var app = await fixture.StartVariantAsync(("LOG_FILE_PATH", path)))
            {
                (var username, password, _) = await app.RegisterAsync();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/auth/password?u={username}&p={password}");
                request.Headers.Add("X-Request-ID", "file-log-check");
                using var response = await app.Client.SendAsync(request);
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            }

            var lines = await File.ReadAllLinesAsync(path);
            var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("level").GetString())));
            var requestLine = Assert.Single(entries, e => e.TryGetProperty("RequestId", out var id) && id.GetString() == "file-log-check"
                && e.GetProperty("message").GetString()!.StartsWith("HTTP POST /auth/password responded 200", StringComparison.Ordinal));
            Assert.Equal("Bench.Functions.Hosting.Middleware.RequestLogging", requestLine.GetProperty("category").GetString());
            Assert.DoesNotContain(password, string.Join("\n", lines), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
