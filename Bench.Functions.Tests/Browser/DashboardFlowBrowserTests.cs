using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.S3.Model;
using Bench.Functions.Tests.Contract;
using Bench.Functions.Tests.Hdf5;
using Bench.Functions.Tests.Jobs;
using Bench.Functions.Tests.SlurmJobs;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;
using Microsoft.Playwright;

namespace Bench.Functions.Tests.Browser;

/// <summary>
/// The dashboard end to end in Chromium, against the real worker, PostgreSQL, RabbitMQ and the Swift
/// S3 (CORS on): log in, upload two runs of benchmark "flops" through the page (each two node-step files,
/// the first with a LIKWID CSV) and a file that is not a profile, see the jobs become done, open one,
/// check its plot and energy against the API and against the energy worked out by hand, compare the two
/// runs, log out. A screenshot of every page goes to TestResults/screenshots/.
/// </summary>
/// <remarks>
/// By hand: step 0 on cn001 and cn002 from 0 to 600 s, a sample every 10 s (61 per node). Run A draws
/// 300 W and 200 W: 300 x 600 + 200 x 600 = 300,000 J. Run B 250 W and 150 W: 240,000 J, 20% less than A.
/// </remarks>
[Trait("Category", "Browser")]
public sealed class DashboardFlowBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>, IDisposable
{
    private const string Benchmark = "flops";
    private const long RunA = 9646276;
    private const long RunB = 9799476;
    private const int SamplesPerNode = 61;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);

    private const string LikwidCsv = """
        STRUCT,Info,3,,
        CPU name:,Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz,,
        TABLE,Group 1 Raw,FLOPS_DP,3,,
        Event,Counter,HWThread 0,HWThread 1
        INSTR_RETIRED_ANY,FIXC0,1000,2000
        TABLE,Group 1 Metric,FLOPS_DP,2,,
        Metric,HWThread 0,HWThread 1
        Runtime (RDTSC) [s],2.0,1.5
        DP [MFLOP/s],1000,3000
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [ChromiumFact]
    public async Task LogInUploadTwoRunsSeeThemDoneOpenOneCompareThemAndLogOut()
    {
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();
        try
        {
            await FlowAsync(browser, page);
        }
        catch
        {
            // Where it stopped, for whoever reads the failure.
            await BrowserSession.ScreenshotAsync(page, "dashboard-failed");
            throw;
        }
    }

    private async Task FlowAsync(BrowserSession browser, IPage page)
    {
        var (username, password, _) = await fixture.App.RegisterAsync();
        var files = new List<string>();
        files.AddRange(WriteRun(RunA, 300, 200));
        var csv = _dir.File($"{Benchmark}_{RunA}.csv");
        File.WriteAllText(csv, LikwidCsv);
        files.Add(csv);
        files.AddRange(WriteRun(RunB, 250, 150));
        var notAProfile = _dir.File("notes.txt");
        File.WriteAllText(notAProfile, "not a profile");

        // Log in.
        await page.GotoAsync(fixture.Dashboard.ToString());
        await page.GetByTestId("login-username").FillAsync(username);
        await page.GetByTestId("login-password").FillAsync(password);
        await BrowserSession.ScreenshotAsync(page, "dashboard-1-login");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("jobs-table")).ToBeVisibleAsync();
        var access = await page.EvaluateAsync<string>("() => JSON.stringify(Object.assign({}, localStorage, sessionStorage))");

        // Upload through the page: a benchmark name and the files in the drop zone's input.
        await page.GetByTestId("nav-uploads").ClickAsync();
        await page.GetByTestId("upload-benchmark").FillAsync(Benchmark);
        await page.GetByTestId("upload-drop").Locator("input[type=file]").SetInputFilesAsync([.. files, notAProfile]);
        foreach (var file in files)
        {
            await Assertions.Expect(UploadRow(page, file)).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 60_000 });
        }

        var refused = UploadRow(page, notAProfile);
        await Assertions.Expect(refused).ToHaveAttributeAsync("data-state", "failed");
        await Assertions.Expect(refused).ToContainTextAsync("not a profile");
        await BrowserSession.ScreenshotAsync(page, "dashboard-2-uploads");
        Assert.True(browser.CspViolations.Count == 0, "the pages broke their policy: " + string.Join(" | ", browser.CspViolations));

        // Swift sends no bucket notifications: post what MinIO would for each object the page stored.
        await AnnounceAsync(username, files);

        // The jobs page polls until both runs are done.
        await page.GetByTestId("nav-jobs").ClickAsync();
        foreach (var run in new[] { RunA, RunB })
        {
            await Assertions.Expect(JobRow(page, run)).ToHaveAttributeAsync("data-state", "done", new() { Timeout = (float)JobTimeout.TotalMilliseconds });
        }

        await BrowserSession.ScreenshotAsync(page, "dashboard-3-jobs");

        // Open run A: the plot has every sample of each node, the energy is the API's and the hand's.
        var api = await ApiJsonAsync(page, $"/jobs/{RunA}");
        var apiEnergy = api.GetProperty("energy_to_solution_j").GetDouble();
        Assert.Equal(300_000, apiEnergy, 6);
        var series = await ApiJsonAsync(page, $"/jobs/{RunA}/series?points=2000");
        Assert.All(series.GetProperty("nodes").EnumerateArray(), n => Assert.Equal(SamplesPerNode, n.GetProperty("elapsed_s").GetArrayLength()));

        await JobRow(page, RunA).GetByRole(AriaRole.Link, new() { Name = RunA.ToString(CultureInfo.InvariantCulture) }).ClickAsync();
        var plot = page.GetByTestId("power-plot");
        await Assertions.Expect(plot).ToHaveAttributeAsync("data-points", SamplesPerNode.ToString(CultureInfo.InvariantCulture));
        Assert.Equal($"{SamplesPerNode},{SamplesPerNode}", await plot.GetAttributeAsync("data-points-per-series"));
        var energy = page.GetByTestId("job-energy");
        var shown = double.Parse((await energy.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
        Assert.Equal(apiEnergy, shown);
        await BrowserSession.ScreenshotAsync(page, "dashboard-4-job");

        // Compare the runs on the benchmark's page: B used 20% less energy than A.
        var compare = await ApiJsonAsync(page, $"/jobs/{RunB}/compare/{RunA}");
        Assert.Equal(-20, compare.GetProperty("deltas").GetProperty("energy_to_solution_j").GetProperty("percent").GetDouble(), 6);
        await page.GetByTestId("nav-benchmarks").ClickAsync();
        await page.Locator($"[data-testid=benchmark-row][data-name={Benchmark}]").GetByRole(AriaRole.Link, new() { Name = Benchmark }).ClickAsync();
        await page.GetByTestId("compare-a").SelectOptionAsync(RunB.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("compare-b").SelectOptionAsync(RunA.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("compare-go").ClickAsync();
        await Assertions.Expect(page.GetByTestId("compare-sentence")).ToContainTextAsync(compare.GetProperty("sentence").GetString()!);
        await BrowserSession.ScreenshotAsync(page, "dashboard-5-compare");

        // Log out: back to the form, and the tokens are gone from the browser.
        await page.GetByTestId("logout").ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
        var left = await page.EvaluateAsync<string>("() => JSON.stringify(Object.assign({}, localStorage, sessionStorage))");
        await BrowserSession.ScreenshotAsync(page, "dashboard-6-logged-out");

        Assert.NotEqual("{}", access);
        Assert.Equal("{}", left);
        Assert.Empty(browser.CspViolations);
        Assert.Empty(browser.PageErrors);
    }

    [ChromiumFact]
    public async Task ASessionWhoseTokensNoLongerWorkGoesBackToTheLoginForm()
    {
        var (username, password, _) = await fixture.App.RegisterAsync();
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(fixture.Dashboard.ToString());
        await page.GetByTestId("login-username").FillAsync(username);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("jobs-table")).ToBeVisibleAsync();

        // Whatever the page keeps its tokens under, each one replaced by one the server refuses (as after expiry and revocation).
        var kept = await page.EvaluateAsync<int>("() => { const keys = Object.keys(localStorage); for (const k of keys) localStorage.setItem(k, 'expired.' + k); return keys.length; }");
        await page.ReloadAsync();

        Assert.True(kept > 0, "the page keeps no session in localStorage");
        await Assertions.Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "dashboard-expired-session");
        Assert.Empty(browser.PageErrors);
    }

    private static ILocator UploadRow(IPage page, string file) =>
        page.Locator($"[data-testid=upload-row][data-name=\"{Path.GetFileName(file)}\"]");

    private static ILocator JobRow(IPage page, long run) =>
        page.Locator($"[data-testid=job-row][data-job-id=\"{run.ToString(CultureInfo.InvariantCulture)}\"]");

    /// <summary>Step 0 of job <paramref name="jobId"/> on two nodes at constant power, as Slurm's node-step files.</summary>
    private List<string> WriteRun(long jobId, ulong wattsCn001, ulong wattsCn002)
    {
        var paths = new List<string>();
        foreach (var (node, watts) in new[] { ("cn001", wattsCn001), ("cn002", wattsCn002) })
        {
            var path = _dir.File(SlurmFileNames.NodeStepFileName(jobId, "0", node));
            using var builder = SlurmFileBuilder.NodeStep(path);
            using var writer = builder.AddNode(node, TwoNodeJob.Attributes(node));
            TwoNodeJob.Write(writer, 0, 600, watts);
            paths.Add(path);
        }

        return paths;
    }

    private async Task AnnounceAsync(string username, IEnumerable<string> files)
    {
        using var s3 = fixture.Servers.S3Client();
        foreach (var file in files)
        {
            var key = $"{username}/{Path.GetFileName(file)}";
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = fixture.Servers.BucketName, Key = key });
            using var response = await JobTestSupport.PostEventAsync(fixture.App, fixture.Servers.WebhookToken,
                JobTestSupport.MinioEvent(fixture.Servers.BucketName, key, head.ETag.Trim('"'), head.ContentLength));
            Assert.True(response.IsSuccessStatusCode, $"the webhook answered {(int)response.StatusCode} for {key}");
        }
    }

    /// <summary>An API answer with the token the page holds, so the test sees what the page's user sees.</summary>
    private async Task<JsonElement> ApiJsonAsync(IPage page, string path)
    {
        var token = await page.EvaluateAsync<string?>("() => Object.values(Object.assign({}, localStorage, sessionStorage)).find(v => v.startsWith('eyJ') && v.split('.').length === 3) ?? null");
        Assert.NotNull(token);
        using var response = await fixture.App.Client.SendAsync(fixture.App.Authorized(HttpMethod.Get, path, token));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
