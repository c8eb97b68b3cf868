using System.Collections.Concurrent;

namespace Bench.FunctionsHost;

/// <summary>
/// Everything the worker said: its RpcLog messages (as the host would log them) and its stdout/stderr
/// lines, in arrival order, for tests to assert on and the command line to echo.
/// </summary>
public sealed class WorkerLog
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Action<string>? _echo;
    private readonly int _capacity;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Keeps the last <paramref name="capacity"/> lines (a long-running host must not grow without bound).</summary>
    public WorkerLog(Action<string>? echo = null, int capacity = 200_000)
    {
        _echo = echo;
        _capacity = capacity;
    }

    public IReadOnlyCollection<string> Lines => _lines;

    public void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > _capacity && _lines.TryDequeue(out _))
        {
        }
        _echo?.Invoke(line);
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    /// <summary>The last <paramref name="count"/> lines, for error messages.</summary>
    public string Tail(int count = 40) => string.Join('\n', _lines.TakeLast(count));

    /// <summary>Waits until a line contains <paramref name="text"/>; returns that line.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var changed = _changed.Task;
            var line = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the worker did not log '{text}' within {timeout.TotalSeconds} s; last lines:\n{Tail()}");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
