using Bench.Functions.Tests.Hosting;
using Microsoft.Playwright;

namespace Bench.Functions.Tests.Contract;

/// <summary>
/// The docs page in a real browser (Debian's chromium, driven by Playwright) against the real worker:
/// every operation renders under the page's Content-Security-Policy, and "Try it out" puts a path
/// parameter into the URL and reaches the function.
/// </summary>
public sealed class DocsPageBrowserTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [ChromiumFact]
    public async Task EveryOperationRendersAndTryItOutFillsPathParameters()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.Executable, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => console.Add("pageerror: " + error);

        await page.GotoAsync(new Uri(fixture.App.BaseAddress, "docs").ToString());
        var operations = page.Locator(".opblock");
        await operations.First.WaitForAsync();
        Assert.Equal(OpenApiContract.Repo.Operations.Count, await operations.CountAsync());

        var id = Guid.NewGuid().ToString();
        var jobsGet = page.Locator("#operations-Jobs-JobsGet");
        await jobsGet.Locator(".opblock-summary").ClickAsync();
        await jobsGet.Locator(".try-out__btn").ClickAsync();
        await jobsGet.Locator("input[placeholder='id']").FillAsync(id);
        await jobsGet.Locator(".execute").ClickAsync();
        var body = jobsGet.Locator(".live-responses-table .response-col_description pre");
        await body.First.WaitForAsync();

        Assert.Equal(new Uri(fixture.App.BaseAddress, "jobs/" + id).ToString(), (await jobsGet.Locator(".request-url pre").TextContentAsync())?.Trim());
        // No token given: the worker's own 401 problem, so the request reached the function.
        Assert.Contains("\"status\": 401", await body.First.TextContentAsync() ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.StartsWith("pageerror", StringComparison.Ordinal));
    }
}

/// <summary>A fact that needs chromium (BENCH_CHROMIUM or /usr/bin/chromium): skipped, saying so, where it is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public static string Executable { get; } = Environment.GetEnvironmentVariable("BENCH_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
        {
            Skip = $"no chromium at {Executable}: install Debian's chromium (apt-get install chromium) or set BENCH_CHROMIUM to run the docs page in a browser.";
        }
    }
}
