using Bench.Functions.Jobs;
using Bench.Functions.Options;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Queue;

/// <summary>Reads how many messages wait in the analysis queue (a passive declare) into the metrics.</summary>
internal sealed class QueueDepth(RabbitConnections connections, IOptions<QueueOptions> options, JobMetrics metrics, ILogger<QueueDepth> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var connection = await connections.GetAsync(RabbitConnections.Publish, timeout.Token).ConfigureAwait(false);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
            var queue = await channel.QueueDeclarePassiveAsync(options.Value.Queue, timeout.Token).ConfigureAwait(false);
            metrics.QueueDepth(queue.MessageCount);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug("Queue depth unknown: {Error}", e.GetType().Name);
        }
    }
}
