namespace Bench.Functions.Cli;

/// <summary>Turns Ctrl-C into a cancellation token for the duration of a command (and no further).</summary>
internal sealed class ConsoleCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public ConsoleCancellation() => Console.CancelKeyPress += OnCancel;

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _source.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true; // let the command stop cleanly instead of the runtime killing it
        _source.Cancel();
    }
}
