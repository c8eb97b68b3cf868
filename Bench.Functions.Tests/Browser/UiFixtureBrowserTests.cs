using Amazon.S3.Model;
using Bench.Functions.Tests.Contract;
using Bench.Functions.Tests.Ui;
using Microsoft.Playwright;

namespace Bench.Functions.Tests.Browser;

/// <summary>
/// The /ui/ function's headers as Chromium enforces them, on a fixture build the tests control: the
/// page's own files run with no violation; inline script and style, a script from another origin and a
/// connection to an origin that is not the S3 endpoint are refused. And a page on the dashboard's origin
/// PUTs a file to a presigned URL on the S3 endpoint (CORS on the test S3 server, connect-src in the CSP).
/// </summary>
[Trait("Category", "Browser")]
public sealed class UiFixtureBrowserTests(UiAppFixture fixture) : IClassFixture<UiAppFixture>
{
    private Uri Page(string path) => new(fixture.App.BaseAddress, "/ui/" + path);

    [ChromiumFact]
    public async Task ThePagesOwnScriptAndStyleRunWithNoPolicyViolation()
    {
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();

        await page.GotoAsync(Page("").ToString());
        var root = page.GetByTestId("fixture-root");
        await Assertions.Expect(root).ToHaveTextAsync("script ran");
        var color = await root.EvaluateAsync<string>("e => getComputedStyle(e).color");
        await BrowserSession.ScreenshotAsync(page, "ui-fixture-page");

        Assert.Equal("rgb(0, 114, 178)", color);
        Assert.Empty(browser.CspViolations);
        Assert.Empty(browser.PageErrors);
    }

    [ChromiumFact]
    public async Task InlineCodeForeignScriptsAndConnectionsElsewhereAreRefused()
    {
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();
        var answered = new List<string>();
        var failed = new List<string>();
        page.Response += (_, response) => answered.Add(response.Url);
        page.RequestFailed += (_, request) => failed.Add($"{request.Url} {request.Failure}");

        await page.GotoAsync(Page("attack.html").ToString());
        await Assertions.Expect(page.GetByTestId("probe")).ToHaveTextAsync("probe ran");
        var elsewhere = await page.EvaluateAsync<string>("() => fetch('http://127.0.0.1:9/steal').then(() => 'sent', () => 'refused')");
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        var title = await page.TitleAsync();

        Assert.Equal("attack", title);
        Assert.Equal("rgba(0, 0, 0, 0)", background);
        Assert.Equal("refused", elsewhere);
        var violations = browser.CspViolations;
        Assert.Contains(violations, v => v.Contains("inline script", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(violations, v => v.Contains("https://cdn.example.com/lib.js", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("inline style", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(violations, v => v.Contains("http://127.0.0.1:9/steal", StringComparison.Ordinal) && v.Contains("connect-src", StringComparison.Ordinal));
        // Refused by the policy, so nothing answered them.
        Assert.DoesNotContain(answered, u => u.Contains("cdn.example.com", StringComparison.Ordinal) || u.Contains("127.0.0.1:9/", StringComparison.Ordinal));
        Assert.Equal(["https://cdn.example.com/lib.js csp"], failed.Where(f => f.Contains("cdn.example.com", StringComparison.Ordinal)));
    }

    [ChromiumFact]
    public async Task APageOnTheDashboardsOriginUploadsToAPresignedUrlOnTheS3Endpoint()
    {
        var (_, _, tokens) = await fixture.App.RegisterAsync();
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Page("").ToString());
        const string content = "profile bytes from a browser\n";

        // What the dashboard's upload view does, in the page: presign, then an XMLHttpRequest PUT with the signed headers.
        var outcome = await page.EvaluateAsync<UploadOutcome>(
            """
            async ([token, name, text]) => {
              const r = await fetch('/storage/presign/upload?object_name=' + encodeURIComponent(name),
                { method: 'POST', headers: { Authorization: 'Bearer ' + token } });
              const p = await r.json();
              return await new Promise((resolve) => {
                const x = new XMLHttpRequest();
                x.open('PUT', p.url);
                for (const [k, v] of Object.entries(p.headers || {})) x.setRequestHeader(k, v);
                x.onload = () => resolve({ status: x.status, key: p.key, origin: new URL(p.url).origin });
                x.onerror = () => resolve({ status: -1, key: p.key, origin: new URL(p.url).origin });
                x.send(new Blob([text]));
              });
            }
            """,
            new object[] { tokens.Access, "job_9799476_node.h5", content });

        Assert.Equal(fixture.S3PublicEndpoint.GetLeftPart(UriPartial.Authority), outcome.Origin);
        Assert.True(outcome.Status == 200, $"the browser's PUT to {outcome.Origin} ended with {outcome.Status} (-1: refused, e.g. no CORS on the S3 server; scripts/services/swift.sh): {string.Join(" | ", browser.Console)}");
        Assert.Empty(browser.CspViolations);
        using var s3 = fixture.Servers.S3Client();
        using var stored = await s3.GetObjectAsync(new GetObjectRequest { BucketName = fixture.Servers.BucketName, Key = outcome.Key });
        using var reader = new StreamReader(stored.ResponseStream);
        Assert.Equal(content, await reader.ReadToEndAsync());
    }

    public sealed class UploadOutcome
    {
        public int Status { get; set; }

        public string Key { get; set; } = "";

        public string Origin { get; set; } = "";
    }
}
