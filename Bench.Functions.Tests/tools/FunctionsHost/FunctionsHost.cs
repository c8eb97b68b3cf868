using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bench.FunctionsHost.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Bench.FunctionsHost;

/// <summary>How to run the worker; settings reach it as environment variables, as app settings do.</summary>
public sealed class FunctionsHostOptions
{
    /// <summary>The built worker's folder (Bench.Functions.dll, host.json, worker.config.json).</summary>
    public required string AppDirectory { get; init; }

    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The public HTTP port on 127.0.0.1; 0 picks a free one.</summary>
    public int HttpPort { get; init; }

    /// <summary>Fire timer functions on their schedules (the command line does; tests fire them on demand).</summary>
    public bool RunTimerSchedules { get; init; }

    /// <summary>Called with every worker log line as it arrives (the command line prints them).</summary>
    public Action<string>? Echo { get; init; }

    /// <summary>How many of the worker's latest log lines are kept for <see cref="FunctionsHost.Log"/>.</summary>
    public int LogCapacity { get; init; } = 200_000;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// A stand-in for the Azure Functions host: a gRPC server the worker connects to, the worker process,
/// the handshake (StartStream, WorkerInit, metadata indexing, FunctionLoad), HTTP on its own port and
/// timer invocations. Disposing it kills the worker, which does not exit when its host goes away.
/// </summary>
public sealed class FunctionsHost : IAsyncDisposable
{
    private readonly FunctionsHostOptions _options;
    private readonly WebApplication _grpc;
    private readonly HttpFrontend _frontend;
    private readonly WorkerChannel _channel;
    private readonly CancellationTokenSource _stopping = new();
    private LaunchedWorker? _worker;
    private Task _schedules = Task.CompletedTask;

    private FunctionsHost(FunctionsHostOptions options, WebApplication grpc, HttpFrontend frontend, WorkerChannel channel, WorkerLog log)
    {
        _options = options;
        _grpc = grpc;
        _frontend = frontend;
        _channel = channel;
        Log = log;
    }

    /// <summary>The public address, e.g. http://127.0.0.1:7071/.</summary>
    public Uri BaseAddress => _frontend.BaseAddress;

    public WorkerLog Log { get; }

    public IReadOnlyList<HostedFunction> Functions { get; private set; } = [];

    /// <summary>Functions the worker indexed that the settings switch off (AzureWebJobs.&lt;Name&gt;.Disabled).</summary>
    public IReadOnlyList<string> DisabledFunctions { get; private set; } = [];

    /// <summary>The worker's own HTTP address (its HttpUri capability).</summary>
    public Uri WorkerHttpUri { get; private set; } = null!;

    public int WorkerProcessId => _worker!.ProcessId;

    /// <summary>Completes when the worker process exits, for whatever reason.</summary>
    public Task WorkerExited => _worker!.Exited;

    public int WorkerExitCode => _worker!.ExitCode;

    public static async Task<FunctionsHost> StartAsync(FunctionsHostOptions options, CancellationToken cancel = default)
    {
        var appDirectory = Path.GetFullPath(options.AppDirectory);
        var workerAssembly = ReadWorkerAssembly(appDirectory);
        var hostJson = HostJson.Read(appDirectory);
        var log = new WorkerLog(options.Echo, options.LogCapacity);
        var channel = new WorkerChannel(Guid.NewGuid().ToString(), log);

        // The public port first: if it is taken there is nothing to start.
        var frontend = await HttpFrontend.StartAsync(options.HttpPort, cancel);
        WebApplication? grpc = null;
        FunctionsHost? host = null;
        try
        {
            grpc = await StartGrpcAsync(channel, cancel);
            host = new FunctionsHost(options, grpc, frontend, channel, log);
            await host.LaunchAsync(appDirectory, workerAssembly, hostJson, cancel);
            return host;
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
            else
            {
                await frontend.DisposeAsync();
                if (grpc is not null)
                {
                    await grpc.DisposeAsync();
                }
            }

            throw;
        }
    }

    /// <summary>Runs a timer function now with TimerInfo, as its schedule would; throws if it failed.</summary>
    public async Task InvokeTimerAsync(string functionName, bool isPastDue = false, CancellationToken cancel = default)
    {
        var function = Functions.FirstOrDefault(f => f.Name == functionName && f.Timer is not null)
            ?? throw new ArgumentException($"no timer function '{functionName}'; timer functions: {string.Join(", ", Functions.Where(f => f.Timer is not null).Select(f => f.Name))}", nameof(functionName));
        var invocationId = Guid.NewGuid().ToString();
        var response = await _channel.RequestAsync("invoke:" + invocationId, new StreamingMessage { InvocationRequest = Invocations.ForTimer(function, invocationId, isPastDue) }, _options.InvocationTimeout, cancel);
        if (response.InvocationResponse.Result.Status != StatusResult.Types.Status.Success)
        {
            throw new FunctionFailedException(functionName, response.InvocationResponse.Result);
        }
    }

    /// <summary>kill -9 the worker (crash tests); the host then answers 503.</summary>
    public async Task KillWorkerAsync()
    {
        await _worker!.KillAsync();
        _frontend.Stop();
    }

    /// <summary>kill -TERM the worker and return at once (graceful shutdown tests).</summary>
    public void TerminateWorker() => _worker!.SignalTerminate();

    /// <summary>Stops the worker (SIGTERM, then SIGKILL after <paramref name="grace"/>) and the host.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        await _stopping.CancelAsync();
        _frontend.Stop();
        if (_worker is not null)
        {
            await _worker.StopAsync(grace);
        }

        await _schedules;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _frontend.Stop();
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        await _schedules;
        await _frontend.DisposeAsync();
        await _grpc.StopAsync();
        await _grpc.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task LaunchAsync(string appDirectory, string workerAssembly, HostJson hostJson, CancellationToken cancel)
    {
        var grpcUri = new Uri(_grpc.Urls.First());
        _worker = LaunchedWorker.Start(appDirectory, workerAssembly, grpcUri, _channel.WorkerId, _options.Settings, Log);
        _ = _worker.Exited.ContinueWith(_ => _frontend.Stop(), TaskScheduler.Default);
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        startup.CancelAfter(_options.StartTimeout);

        await Step("the worker to open its gRPC stream", _channel.Connected, startup.Token);
        var init = await Request("init", new StreamingMessage
        {
            WorkerInitRequest = new WorkerInitRequest { HostVersion = "4.0.0-bench-standin", WorkerDirectory = appDirectory, FunctionAppDirectory = appDirectory },
        }, startup.Token);
        Check("WorkerInit", init.WorkerInitResponse.Result);
        if (!init.WorkerInitResponse.Capabilities.TryGetValue("HttpUri", out var httpUri))
        {
            throw new InvalidOperationException("the worker did not report an HttpUri capability: is it built with ConfigureFunctionsWebApplication()?");
        }

        WorkerHttpUri = new Uri(httpUri);
        var metadata = await Request("metadata", new StreamingMessage
        {
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory },
        }, startup.Token);
        Check("FunctionsMetadata", metadata.FunctionMetadataResponse.Result);
        if (metadata.FunctionMetadataResponse.UseDefaultMetadataIndexing)
        {
            throw new InvalidOperationException("the worker asked for host-side indexing (functions.metadata), which this stand-in does not do");
        }

        var indexed = metadata.FunctionMetadataResponse.FunctionMetadataResults.Select(HostedFunction.From).ToList();
        // As the host does: a function switched off by AzureWebJobs.<Name>.Disabled is neither loaded nor routed.
        DisabledFunctions = indexed.Where(f => IsDisabled(f.Name)).Select(f => f.Name).ToList();
        Functions = indexed.Where(f => !DisabledFunctions.Contains(f.Name)).ToList();
        foreach (var function in Functions)
        {
            var loaded = await Request("load:" + function.FunctionId, new StreamingMessage
            {
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function.Metadata },
            }, startup.Token);
            Check($"FunctionLoad of {function.Name}", loaded.FunctionLoadResponse.Result);
        }

        // The worker reports its port before its Kestrel listens.
        await Step($"the worker to listen on {WorkerHttpUri}", WaitForListenerAsync(WorkerHttpUri, startup.Token), startup.Token);
        _frontend.Serve(Functions, hostJson.RoutePrefix, InvokeHttpAsync);
        if (_options.RunTimerSchedules)
        {
            _schedules = TimerSchedules.RunAsync(this, _options.Settings, _stopping.Token);
        }
    }

    private async Task InvokeHttpAsync(HostedFunction function, HttpContext context)
    {
        var invocationId = Guid.NewGuid().ToString();
        var invocation = _channel.RequestAsync("invoke:" + invocationId, new StreamingMessage { InvocationRequest = Invocations.ForHttp(function, context, invocationId) }, _options.InvocationTimeout, context.RequestAborted);
        var forwarded = await _frontend.ForwardAsync(context, WorkerHttpUri, invocationId);
        try
        {
            var response = await invocation;
            if (response.InvocationResponse.Result.Status != StatusResult.Types.Status.Success)
            {
                Log.Add($"[host] {function.Name} invocation {invocationId} failed: {response.InvocationResponse.Result.Exception?.Message ?? response.InvocationResponse.Result.Result}");
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or TimeoutException or InvalidOperationException)
        {
            Log.Add($"[host] {function.Name} invocation {invocationId}: {e.Message}");
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
        }

        if (forwarded != ForwarderError.None)
        {
            Log.Add($"[host] forwarding {context.Request.Method} {context.Request.Path} to the worker failed: {forwarded} {context.GetForwarderErrorFeature()?.Exception?.Message}");
        }
    }

    private async Task<StreamingMessage> Request(string key, StreamingMessage message, CancellationToken cancel)
    {
        var request = _channel.RequestAsync(key, message, _options.StartTimeout, cancel);
        await Step($"the worker to answer {message.ContentCase}", request, cancel);
        return await request;
    }

    /// <summary>Waits for <paramref name="task"/>, failing early with the worker's output if it exits.</summary>
    private async Task Step(string what, Task task, CancellationToken cancel)
    {
        try
        {
            var first = await Task.WhenAny(task, _worker!.Exited).WaitAsync(cancel);
            if (first != task)
            {
                throw new InvalidOperationException($"the worker exited (code {_worker.ExitCode}) while the host waited for {what}; last lines:\n{Log.Tail()}");
            }

            await task;
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"timed out waiting for {what}; last lines:\n{Log.Tail()}");
        }
    }

    private bool IsDisabled(string function)
    {
        foreach (var name in new[] { $"AzureWebJobs.{function}.Disabled", $"AzureWebJobs__{function}__Disabled" })
        {
            var value = _options.Settings.TryGetValue(name, out var set) ? set : Environment.GetEnvironmentVariable(name);
            if (value is not null && (bool.TryParse(value, out var disabled) ? disabled : value == "1"))
            {
                return true;
            }
        }

        return false;
    }

    private static void Check(string step, StatusResult result)
    {
        if (result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"{step} failed in the worker: {result.Exception?.Message ?? result.Result}\n{result.Exception?.StackTrace}");
        }
    }

    private static async Task WaitForListenerAsync(Uri uri, CancellationToken cancel)
    {
        while (true)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(uri.Host, uri.Port, cancel);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, cancel);
            }
        }
    }

    private static async Task<WebApplication> StartGrpcAsync(WorkerChannel channel, CancellationToken cancel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(channel);
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        await app.StartAsync(cancel);
        return app;
    }

    private static string ReadWorkerAssembly(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "worker.config.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no worker.config.json in {appDirectory}: is it the built Functions worker's output folder?", path);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("description").GetProperty("defaultWorkerPath").GetString()
            ?? throw new InvalidDataException($"{path}: description.defaultWorkerPath is empty");
    }
}
