using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Bench.FunctionsHost;

/// <summary>
/// The worker process, started as the Functions host starts it: `dotnet App.dll` in the app folder with
/// the host's command line and the app settings as environment variables; stdout/stderr go to the log.
/// </summary>
public sealed partial class LaunchedWorker : IAsyncDisposable
{
    private readonly Process _process;

    private LaunchedWorker(Process process, WorkerLog log)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Add(log, "stdout", e.Data);
        _process.ErrorDataReceived += (_, e) => Add(log, "stderr", e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Exited = _process.WaitForExitAsync();
    }

    public int ProcessId => _process.Id;

    /// <summary>Completes when the worker process has exited.</summary>
    public Task Exited { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static LaunchedWorker Start(string appDirectory, string workerAssembly, Uri grpcUri, string workerId, IReadOnlyDictionary<string, string?> settings, WorkerLog log)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(appDirectory, workerAssembly));
        var requestId = Guid.NewGuid().ToString();
        var port = grpcUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        const string maxMessage = "2147483647";
        // Worker 2.x reads the --functions-* names; the host still passes the older ones too.
        foreach (var arg in new[]
        {
            "--host", grpcUri.Host, "--port", port, "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", maxMessage,
            "--functions-uri", grpcUri.ToString(), "--functions-worker-id", workerId, "--functions-request-id", requestId,
            "--functions-grpc-max-message-length", maxMessage,
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        start.Environment["AzureWebJobsScriptRoot"] = appDirectory;
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the worker {workerAssembly}");
        return new LaunchedWorker(process, log);
    }

    /// <summary>kill -9: no shutdown code runs in the worker.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await Exited;
    }

    /// <summary>kill -TERM, as Kubernetes or Ctrl-C would; returns at once.</summary>
    public void SignalTerminate()
    {
        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    /// <summary>SIGTERM, then SIGKILL if the worker has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        SignalTerminate();
        if (await Task.WhenAny(Exited, Task.Delay(grace)) != Exited)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static void Add(WorkerLog log, string stream, string? line)
    {
        if (line is not null)
        {
            log.Add($"[{stream}] {line}");
        }
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
