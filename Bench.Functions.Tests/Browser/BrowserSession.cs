using Bench.Functions.Tests.Contract;
using Microsoft.Playwright;

namespace Bench.Functions.Tests.Browser;

/// <summary>
/// Debian's chromium, headless, driven by Playwright's bundled driver (no browser download): pages
/// whose console messages and page errors are kept (Chromium reports CSP violations there), and
/// screenshots saved under TestResults/screenshots/ as test artefacts.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Every console message ("type: text") and page error ("pageerror: ...") of every page, in order.</summary>
    public List<string> Console { get; } = [];

    /// <summary>What Chromium refused under the page's Content-Security-Policy.</summary>
    public IReadOnlyList<string> CspViolations => [.. Console.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))];

    public IReadOnlyList<string> PageErrors => [.. Console.Where(m => m.StartsWith("pageerror", StringComparison.Ordinal))];

    /// <summary>BENCH_SCREENSHOTS_DIR, else Bench.Functions.Tests/TestResults/screenshots.</summary>
    public static string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("BENCH_SCREENSHOTS_DIR") is { Length: > 0 } dir
        ? dir
        : Path.Combine(RepoRoot.Path, "Bench.Functions.Tests", "TestResults", "screenshots");

    public static async Task<BrowserSession> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ChromiumFactAttribute.Executable,
                Headless = true,
                // Root in a container: chromium's sandbox needs user namespaces it may not get.
                Args = ["--no-sandbox"],
            });
            return new BrowserSession(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A page in a fresh context (own storage), 1280x900, its messages going to <see cref="Console"/>.</summary>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new();
        options.ViewportSize ??= new() { Width = 1280, Height = 900 };
        var context = await Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => Console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => Console.Add("pageerror: " + error);
        return page;
    }

    /// <summary>Saves a full-page screenshot as &lt;name&gt;.png and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
