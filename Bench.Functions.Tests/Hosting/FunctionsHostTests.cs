using System.Diagnostics;
using System.Globalization;
using System.Net;
using Bench.FunctionsHost;

namespace Bench.Functions.Tests.Hosting;

/// <summary>The stand-in Functions host itself, with the real worker: routing, parameters, timer, health, teardown.</summary>
public sealed class FunctionsHostTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private RunningApp App => fixture.App;

    [Fact]
    public void TheRouteTableIsTheWorkersOwnIndexingAndMatchesTheSdksFunctionsMetadata()
    {
        // Two independent sources: the worker's answer to FunctionsMetadataRequest (what the host routes)
        // and the functions.metadata file the Worker SDK wrote at build time.
        var built = FunctionsMetadata.Read().Where(f => f.Trigger == "httpTrigger")
            .Select(f => $"{f.Name} {f.Route} {string.Join(',', f.Methods.Order())}").Order().ToList();
        var served = App.Host.Functions.Where(f => f.Http is not null)
            .Select(f => $"{f.Name} {f.Http!.Route} {string.Join(',', (f.Http.Methods ?? []).Order())}").Order().ToList();
        Assert.NotEmpty(served);
        Assert.Equal(built, served);
        Assert.Contains("JobsGet jobs/{id} GET", served);
        Assert.Equal(["NightlyRescan"], App.Host.Functions.Where(f => f.Timer is not null).Select(f => f.Name));
    }

    [Fact]
    public async Task ARouteParameterReachesTheFunction()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var id = "no-such-job-" + Guid.NewGuid().ToString("N")[..6];
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/jobs/{id}", tokens.Access));
        var problem = await Problem.AssertAsync(response, HttpStatusCode.NotFound);
        Assert.Equal($"You have no job '{id}'.", problem.Detail());
        // The same id one segment deeper goes to the other template.
        using var series = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/jobs/{id}/series", tokens.Access));
        Assert.Equal($"You have no job '{id}'.", (await Problem.AssertAsync(series, HttpStatusCode.NotFound)).Detail());
    }

    [Fact]
    public async Task ATimerFunctionRunsOnDemandWithTimerInfo()
    {
        var before = App.Logs.Lines.Count(l => l.Contains("Bench.Functions.Functions.RescanFunctions", StringComparison.Ordinal));
        await App.RunTimerAsync("NightlyRescan");
        // The function logs its report (or that another process held the lock) once per run.
        Assert.Equal(before + 1, App.Logs.Lines.Count(l => l.Contains("Bench.Functions.Functions.RescanFunctions", StringComparison.Ordinal)));
        await Assert.ThrowsAsync<ArgumentException>(() => App.RunTimerAsync("Healthz"));
    }

    [Fact]
    public async Task HealthzIs503UntilEveryFunctionIsLoaded()
    {
        // A worker that cannot start (no database) never loads: the host's own /healthz stays 503.
        var port = RepoFiles.FreePort();
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["POSTGRES_PORT"] = RepoFiles.FreePort().ToString(CultureInfo.InvariantCulture) };
        var starting = FunctionsHost.FunctionsHost.StartAsync(new FunctionsHostOptions { AppDirectory = RunningApp.WorkerDirectory, HttpPort = port, Settings = settings });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var answers = new List<HttpStatusCode>();
        while (!starting.IsCompleted)
        {
            try
            {
                using var response = await client.GetAsync("/healthz");
                answers.Add(response.StatusCode);
            }
            catch (HttpRequestException)
            {
                // Not listening yet, or already closed.
            }
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => starting);
        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a));

        // The fixture's worker is loaded: its /healthz answers.
        using var loaded = await App.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
    }

    [Fact]
    public async Task DisposingTheHostKillsTheWorker()
    {
        var app = await RunningApp.StartAsync(fixture.Settings, ServeRole.Api);
        var worker = Process.GetProcessById(app.Host.WorkerProcessId);
        Assert.False(worker.HasExited);
        await app.DisposeAsync();
        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(10)));
        using var client = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(app.BaseAddress, "/healthz")));
    }

    [Fact]
    public async Task AKilledWorkerTurnsTheHostTo503()
    {
        await using var app = await RunningApp.StartAsync(fixture.Settings, ServeRole.Api);
        await app.Host.KillWorkerAsync();
        using var health = await app.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(137, app.Host.WorkerExitCode);
    }
}
