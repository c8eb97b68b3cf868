using System.Diagnostics;
using Bench.Functions.Auth;
using Bench.Functions.Cli;
using Bench.Functions.Hosting;
using Bench.Functions.Queue;
using Bench.Functions.Tests.Deployment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Tests.Hosting;

/// <summary>
/// The worker's service registration (AddBenchWorker) without a Functions host: settings are validated
/// at start and a bad one is named; BENCH_ANALYSIS_CONSUMER and AzureWebJobs.&lt;Name&gt;.Disabled choose
/// what runs. Nothing here needs a server.
/// </summary>
public sealed class WorkerRegistrationTests
{
    /// <summary>Valid values for every required setting; nothing is contacted.</summary>
    private static Dictionary<string, string?> Valid() => new()
    {
        ["JWT_SECRET"] = new string('s', 48),
        ["POSTGRES_HOST"] = "127.0.0.1",
        ["POSTGRES_DB"] = "bench",
        ["POSTGRES_USER"] = "bench",
        ["POSTGRES_PASSWORD"] = "pw",
        ["MINIO_ENDPOINT"] = "127.0.0.1:9000",
        ["MINIO_ACCESS_KEY"] = "access",
        ["MINIO_SECRET_KEY"] = "secret",
        ["MINIO_BUCKET"] = "bench",
        ["RabbitMQConnection"] = "amqp://guest:guest@127.0.0.1:5672/",
        ["MINIO_WEBHOOK_TOKEN"] = new string('t', 32),
    };

    [Fact]
    public void ValidSettingsPassStartUpValidation() =>
        Assert.Empty(AppStart.Failures(Valid(), ServeRole.All));

    [Theory]
    [InlineData("JWT_SECRET", null, "JWT_SECRET is not set")]
    [InlineData("JWT_SECRET", "0123456789abcdef0123456789abcde", "JWT_SECRET is 31 bytes long; at least 32 are required")]
    [InlineData("POSTGRES_HOST", null, "POSTGRES_HOST is not set")]
    [InlineData("POSTGRES_DB", "", "POSTGRES_DB is not set")]
    [InlineData("POSTGRES_PASSWORD", null, "POSTGRES_PASSWORD is not set")]
    [InlineData("POSTGRES_PORT", "eighty", "POSTGRES_PORT must be an integer")]
    [InlineData("MINIO_SECRET_KEY", null, "MINIO_SECRET_KEY is not set")]
    [InlineData("MINIO_BUCKET", null, "MINIO_BUCKET is not set")]
    [InlineData("MINIO_ENDPOINT", "ftp://x", "MINIO_ENDPOINT must be host:port or an http(s) URL")]
    [InlineData("MINIO_PUBLIC_ENDPOINT", "http://host/path", "MINIO_PUBLIC_ENDPOINT must be host:port or an http(s) URL")]
    [InlineData("MINIO_SECURE", "maybe", "MINIO_SECURE must be true or false")]
    [InlineData("BENCH_PRESIGN_EXPIRY_SECONDS", "0", "BENCH_PRESIGN_EXPIRY_SECONDS must be an integer from 1 to 604800")]
    [InlineData("BENCH_PBKDF2_ITERATIONS", "1000", "BENCH_PBKDF2_ITERATIONS must be an integer from 210000")]
    [InlineData("BENCH_ANALYSIS_CONSUMER", "maybe", "BENCH_ANALYSIS_CONSUMER must be true or false (got 'maybe')")]
    [InlineData("BENCH_RESCAN_SCHEDULE", "nightly", "BENCH_RESCAN_SCHEDULE must be a 6-field NCRONTAB expression")]
    public void ABadSettingFailsValidationWithAMessageNamingIt(string name, string? value, string message)
    {
        var settings = Valid();
        settings[name] = value;
        Assert.Contains(AppStart.Failures(settings, ServeRole.All), f => f.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task TheAnalysisConsumerRunsUnlessSwitchedOff(string? setting, bool runs)
    {
        var settings = Valid();
        settings["BENCH_ANALYSIS_CONSUMER"] = setting;
        var services = Register(settings);
        var hosted = services.Where(d => d.ServiceType == typeof(IHostedService)).Select(d => d.ImplementationType).ToList();
        Assert.Equal(runs, hosted.Contains(typeof(AnalysisConsumer)));
        // Every worker sweeps and prepares its tables, consumer or not.
        Assert.Contains(typeof(JobSweeperLoop), hosted);
        Assert.Contains(typeof(JobStartup), hosted);
        await using var provider = services.BuildServiceProvider();
        Assert.Equal(runs, provider.GetRequiredService<WorkerRole>().RunsAnalysisConsumer);
        // SIGTERM waits for the job in hand only where there is one: BENCH_SHUTDOWN_SECONDS (300) + 15 s.
        var shutdown = provider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        Assert.Equal(runs ? TimeSpan.FromSeconds(315) : new HostOptions().ShutdownTimeout, shutdown);
    }

    [Fact]
    public void TheWebhookTokenIsRequiredOnlyWhileAWebhookFunctionIsEnabled()
    {
        var settings = Valid();
        settings.Remove("MINIO_WEBHOOK_TOKEN");
        Assert.Contains(AppStart.Failures(settings, ServeRole.All), f => f.StartsWith("MINIO_WEBHOOK_TOKEN is not set", StringComparison.Ordinal));

        settings["AzureWebJobs.MinioWebhook.Disabled"] = "true";
        Assert.Contains(AppStart.Failures(settings, ServeRole.All), f => f.StartsWith("MINIO_WEBHOOK_TOKEN is not set", StringComparison.Ordinal));

        settings["AzureWebJobs.MinioWebhookLegacy.Disabled"] = "true";
        Assert.Empty(AppStart.Failures(settings, ServeRole.All));
    }

    [Fact]
    public async Task TheWorkerWithoutATokenAuthorizesNoWebhookCall()
    {
        var settings = Valid();
        settings.Remove("MINIO_WEBHOOK_TOKEN");
        settings["AzureWebJobs.MinioWebhook.Disabled"] = "true";
        settings["AzureWebJobs.MinioWebhookLegacy.Disabled"] = "true";
        await using var provider = Register(settings).BuildServiceProvider();
        var webhook = provider.GetRequiredService<Bench.Functions.Triggers.WebhookService>();
        Assert.False(webhook.IsAuthorized("Bearer "));
        Assert.False(webhook.IsAuthorized("Bearer  "));
    }

    [Theory]
    [InlineData(new[] { "analyze", "x.h5" }, true)]
    [InlineData(new[] { "migrate" }, true)]
    [InlineData(new[] { "rescan" }, true)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "--version" }, true)]
    [InlineData(new[] { "--functions-uri", "http://127.0.0.1:1/", "--functions-worker-id", "w" }, false)]
    [InlineData(new[] { "--host", "127.0.0.1", "--port", "1" }, false)]
    [InlineData(new[] { "serve" }, false)]
    [InlineData(new string[0], false)]
    public void CliVerbsRunTheCliAndAnythingElseStartsTheWorker(string[] args, bool cli) =>
        Assert.Equal(cli, CliApp.IsCommand(args));

    [Fact]
    public async Task TheWorkerStartedWithoutSettingsExitsWithCode2AndListsEveryMissingVariable()
    {
        var directory = Path.GetDirectoryName(FunctionsMetadata.Path)!;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = directory,
        };
        // The arguments the Functions host passes; validation fails before the worker dials it.
        foreach (var arg in new[] { Path.Combine(directory, "Bench.Functions.dll"), "--functions-uri", $"http://127.0.0.1:{RepoFiles.FreePort()}/", "--functions-worker-id", "w1", "--functions-request-id", "r1", "--functions-grpc-max-message-length", "2147483647" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in Valid().Keys)
        {
            start.Environment.Remove(name);
        }

        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = directory;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("bench worker: the configuration is not usable:", stderr, StringComparison.Ordinal);
        foreach (var name in Valid().Keys)
        {
            Assert.Contains($"  - {name} ", stderr, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsValidationExceptionsAreFlattenedForTheMessage()
    {
        var error = new AggregateException(
            new OptionsValidationException("a", typeof(object), ["A is wrong."]),
            new OptionsValidationException("b", typeof(object), ["B is wrong.", "C is wrong."]));
        Assert.Equal(["A is wrong.", "B is wrong.", "C is wrong."], StartupErrors.ConfigurationErrors(error));
    }

    private static ServiceCollection Register(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging().AddBenchWorker(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
