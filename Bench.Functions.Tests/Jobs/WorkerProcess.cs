using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Jobs;

/// <summary>
/// An analysis worker (the real worker process under its own stand-in host, role analysis) that tests
/// can SIGKILL or SIGTERM: the signals go to the WORKER process, as Kubernetes would send them.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly RunningApp _app;

    private WorkerProcess(RunningApp app) => _app = app;

    public int Id => _app.Host.WorkerProcessId;

    public bool HasExited => _app.Host.WorkerExited.IsCompleted;

    public int ExitCode => _app.Host.WorkerExitCode;

    /// <summary>Everything the worker logged so far, one line each.</summary>
    public string Output => string.Join('\n', _app.Logs.Lines);

    public static async Task<WorkerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, ServeRole role = ServeRole.Analysis)
        => new(await RunningApp.StartAsync(settings, role));

    /// <summary>Waits until the output contains <paramref name="text"/>; fails with the output so far.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var logged = _app.Logs.WaitForAsync(text, timeout);
        if (await Task.WhenAny(logged, _app.Host.WorkerExited) != logged && !logged.IsCompleted)
        {
            Assert.Fail($"the worker exited ({ExitCode}) before printing '{text}':\n{Output}");
        }

        await logged;
    }

    /// <summary>kill -9: no shutdown code runs, the broker sees the connection drop.</summary>
    public Task KillAsync() => _app.Host.KillWorkerAsync();

    /// <summary>kill -TERM, as Kubernetes does when scaling in; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await SignalTermAsync();
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Sends SIGTERM to the worker and returns at once.</summary>
    public Task SignalTermAsync()
    {
        _app.Host.TerminateWorker();
        return Task.CompletedTask;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _app.Host.WorkerExited.WaitAsync(timeout);
        return ExitCode;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
