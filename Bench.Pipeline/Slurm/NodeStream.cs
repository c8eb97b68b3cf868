namespace Bench.Pipeline.Slurm;

/// <summary>
/// Streams a profile's nodes in <see cref="IProfileSource.Nodes"/> order. When the source allows parallel
/// reads, up to <c>parallelism</c> nodes are read ahead on the thread pool while the caller works on the
/// current one, so memory holds at most parallelism + 1 nodes and results come out in the same order (and
/// with the same numbers) as a sequential read.
/// </summary>
public static class NodeStream
{
    /// <summary>
    /// Most nodes read ahead by default, whatever the core count: a node of a day-long profile with 16 tasks
    /// holds ~20 MB of series, and peak memory must stay bounded on a large server too.
    /// </summary>
    public const int MaxDefaultParallelism = 8;

    /// <summary>The nodes of <paramref name="source"/>, in order.</summary>
    /// <param name="source">The profile.</param>
    /// <param name="parallelism">Nodes read at once; defaults to <see cref="Environment.ProcessorCount"/>, at most <see cref="MaxDefaultParallelism"/>.</param>
    /// <param name="cancellationToken">Checked before each node is handed out and before each read starts.</param>
    public static IEnumerable<NodeData> Read(IProfileSource source, int? parallelism = null, CancellationToken cancellationToken = default) =>
        Read(source, static data => data, parallelism, cancellationToken);

    /// <summary>
    /// The nodes of <paramref name="source"/>, in order, each passed through <paramref name="prepare"/> on the
    /// thread that read it: work that depends on one node only runs in parallel with the reads, and only its
    /// result waits for its turn.
    /// </summary>
    /// <param name="source">The profile.</param>
    /// <param name="prepare">Turns one node's data into what the caller needs; called from several threads at once.</param>
    /// <param name="parallelism">Nodes read at once; defaults to <see cref="Environment.ProcessorCount"/>, at most <see cref="MaxDefaultParallelism"/>.</param>
    /// <param name="cancellationToken">Checked before each node is handed out and before each read starts.</param>
    public static IEnumerable<T> Read<T>(IProfileSource source, Func<NodeData, T> prepare, int? parallelism = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(prepare);
        var width = Math.Max(1, parallelism ?? Math.Min(Environment.ProcessorCount, MaxDefaultParallelism));
        return source.SupportsParallelReads && width > 1 && source.Nodes.Count > 1
            ? ReadAhead(source, prepare, width, cancellationToken)
            : Sequential(source, prepare, cancellationToken);
    }

    private static IEnumerable<T> Sequential<T>(IProfileSource source, Func<NodeData, T> prepare, CancellationToken cancellationToken)
    {
        foreach (var node in source.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return prepare(source.ReadNode(node));
        }
    }

    private static IEnumerable<T> ReadAhead<T>(IProfileSource source, Func<NodeData, T> prepare, int width, CancellationToken cancellationToken)
    {
        var nodes = source.Nodes;
        var pending = new Queue<Task<T>>(width);
        var next = 0;
        try
        {
            while (next < nodes.Count || pending.Count > 0)
            {
                while (pending.Count < width && next < nodes.Count)
                {
                    var node = nodes[next++];
                    pending.Enqueue(Task.Run(() => prepare(source.ReadNode(node)), cancellationToken));
                }

                cancellationToken.ThrowIfCancellationRequested();

                // GetResult rethrows the node's own exception (not an AggregateException).
                yield return pending.Dequeue().GetAwaiter().GetResult();
            }
        }
        finally
        {
            // Reads still running must end before the caller disposes the source under them.
            foreach (var task in pending)
            {
                try
                {
                    task.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // Their failures were not asked for: the caller already stopped at an earlier node.
                }
            }
        }
    }
}
