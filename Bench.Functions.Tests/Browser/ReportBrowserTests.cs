using System.Globalization;
using System.Text.Json;
using Bench.Functions.Tests.Contract;
using Bench.Functions.Tests.Hdf5;
using Bench.Functions.Tests.SlurmJobs;
using Microsoft.Playwright;

namespace Bench.Functions.Tests.Browser;

/// <summary>
/// The local report (<c>analyze FILE --report report.html</c>) opened in Chromium with the network cut:
/// every request other than the file itself is aborted and counted (none may be made), and the page
/// shows the energy that <c>--json</c> prints, which is the two-node job's energy worked out by hand.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ReportBrowserTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [ChromiumFact]
    public async Task TheReportOpensOfflineAndShowsTheEnergyOfJson()
    {
        var profile = TwoNodeJob.WriteMergedFile(_dir.Path);
        var report = _dir.File("report.html");
        var json = await CliProcess.RunAsync(_dir.Path, "analyze", profile, "--json", "--no-progress");
        var written = await CliProcess.RunAsync(_dir.Path, "analyze", profile, "--report", report, "--no-progress");
        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.True(written.ExitCode == 0, written.Stderr);
        var expected = Assert.Single(JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray()).GetProperty("energy_to_solution_j").GetDouble();
        Assert.Equal(TwoNodeJob.JobEnergyJ, expected, 6);

        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync(new() { Offline = true });
        var attempts = new List<string>();
        await page.Context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }

            attempts.Add(route.Request.Url);
            await route.AbortAsync();
        });

        await page.GotoAsync(new Uri(report).AbsoluteUri);
        var energy = page.GetByTestId("job-energy");
        await Assertions.Expect(energy).ToHaveAttributeAsync("data-value", new System.Text.RegularExpressions.Regex(@"^\d"));
        var plot = page.GetByTestId("power-plot");
        await Assertions.Expect(plot).ToHaveAttributeAsync("data-series", "2");
        await BrowserSession.ScreenshotAsync(page, "report");

        var shown = double.Parse((await energy.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
        Assert.Equal(expected, shown, 6);
        Assert.True(attempts.Count == 0, "the report asked the network for: " + string.Join(", ", attempts));
        Assert.Empty(browser.PageErrors);
    }
}
