using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Timeline;

namespace Bench.Pipeline.Sinks;

/// <summary>
/// Hands node timelines to another writer on a thread of its own, so the sink's work (DuckDB's appender and
/// compression, a PostgreSQL COPY) runs while the analysis builds the next node's timeline. The queue holds
/// at most <see cref="Capacity"/> timelines (memory stays bounded: one being written, one waiting); the
/// inner writer is used by one thread at a time and sees the timelines in the order given, so the stored
/// rows are the same as without it. A failure of the inner writer comes back, as thrown, from the next
/// <see cref="Write"/> or from <see cref="Commit"/>.
/// </summary>
public sealed class BackgroundResultWriter : IResultWriter
{
    /// <summary>Timelines waiting while one is written: a node of a day-long profile at 1 s is ~17 MB.</summary>
    public const int Capacity = 1;

    private readonly IResultWriter _inner;
    private readonly BlockingCollection<NodeTimeline> _queue = new(Capacity);
    private Thread? _thread;
    private volatile ExceptionDispatchInfo? _failure;
    private volatile bool _abandoned;
    private bool _done;
    private bool _disposed;

    public BackgroundResultWriter(IResultWriter inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    public string TableName => _inner.TableName;

    /// <summary>Queues the timeline; blocks while the queue is full.</summary>
    public void Write(NodeTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ObjectDisposedException.ThrowIf(_done, this);
        ThrowIfFailed();
        _thread ??= Start();
        try
        {
            _queue.Add(timeline);
        }
        catch (InvalidOperationException) when (_failure is not null)
        {
            // The writer thread failed and closed the queue while this call waited.
            ThrowIfFailed();
        }
    }

    /// <summary>Waits until every queued timeline is written, then commits through the inner writer.</summary>
    public void Commit(AnalysisResult result, ResultProvenance provenance)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        Drain();
        ThrowIfFailed();
        _inner.Commit(result, provenance);
        _done = true;
    }

    /// <summary>Abandons what is queued, waits for the timeline being written, then disposes the inner writer (which rolls back if uncommitted).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_thread is not null && _thread.IsAlive)
        {
            _abandoned = true;
            Drain();
        }

        _done = true;
        _inner.Dispose();
        _queue.Dispose();
    }

    private Thread Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "bench timeline writer" };
        thread.Start();
        return thread;
    }

    private void Run()
    {
        foreach (var timeline in _queue.GetConsumingEnumerable())
        {
            if (_abandoned)
            {
                continue;
            }

            try
            {
                _inner.Write(timeline);
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
                _queue.CompleteAdding(); // wakes a Write waiting on a full queue
                return;
            }
        }
    }

    private void Drain()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
        }

        _thread?.Join();
    }

    private void ThrowIfFailed() => _failure?.Throw();
}
