using System.Runtime.InteropServices;
using Bench.FunctionsHost;

// `Bench.FunctionsHost --port PORT [--app DIR]`: serves the built worker on 127.0.0.1:PORT with the
// environment as its app settings, as `func start` would, until SIGTERM/Ctrl-C (which stop the worker).
// Exit codes: 0 stopped on request, 1 the worker failed to start or died, 2 bad arguments, 3 port taken.
string? app = null;
int? port = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var p) && p is > 0 and < 65536:
            port = p;
            i++;
            break;
        case "--app" when i + 1 < args.Length:
            app = args[++i];
            break;
        default:
            Console.Error.WriteLine($"functions-host: unexpected argument '{args[i]}'\nusage: functions-host --port PORT [--app WORKER_OUTPUT_DIR]");
            return 2;
    }
}

if (port is null)
{
    Console.Error.WriteLine("functions-host: --port PORT is required (1-65535)");
    return 2;
}

app ??= Environment.GetEnvironmentVariable("BENCH_FUNCTIONS_APP_DIR");
if (app is null)
{
    Console.Error.WriteLine("functions-host: --app DIR (the built worker's folder) or BENCH_FUNCTIONS_APP_DIR is required");
    return 2;
}

using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });

FunctionsHost host;
try
{
    host = await FunctionsHost.StartAsync(new FunctionsHostOptions
    {
        AppDirectory = app,
        HttpPort = port.Value,
        RunTimerSchedules = true,
        // The worker inherits this process's environment: that is its app settings.
        Echo = line => Console.Out.WriteLine(line),
        LogCapacity = 1000,
    }, stop.Token);
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    Console.Error.WriteLine($"functions-host: port {port} on 127.0.0.1 is already in use");
    return 3;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or InvalidDataException or OperationCanceledException)
{
    Console.Error.WriteLine($"functions-host: the worker did not start: {e.Message}");
    return 1;
}

await using (host)
{
    Console.Out.WriteLine($"functions-host: {host.Functions.Count} functions loaded; listening on {host.BaseAddress}");
    foreach (var function in host.Functions.Where(f => f.Http is not null))
    {
        Console.Out.WriteLine($"  {function.Name}: [{string.Join(',', function.Http!.Methods ?? ["*"])}] {function.Http.Route}");
    }

    var stopped = Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    if (await Task.WhenAny(stopped, host.WorkerExited) == host.WorkerExited)
    {
        Console.Error.WriteLine($"functions-host: the worker exited with code {host.WorkerExitCode}");
        return 1;
    }

    // Graceful: the worker drains (e.g. its queue consumer) on SIGTERM, as under the real host.
    await host.StopAsync(TimeSpan.FromSeconds(30));
    return 0;
}
