using Bench.Functions.Options;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Bench.Functions.Queue;

/// <summary>
/// One RabbitMQ connection per purpose (publishing, consuming), opened on first use. Once open, the
/// client recovers it, its channels and consumers by itself after a broker restart; a first connection
/// that fails is tried again by the next caller.
/// </summary>
internal sealed class RabbitConnections(IOptions<QueueOptions> options, ILogger<RabbitConnections> logger) : IAsyncDisposable
{
    public const string Publish = "publish";
    public const string Consume = "consume";

    private readonly Dictionary<string, IConnection> _open = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    public async Task<IConnection> GetAsync(string purpose, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_open.TryGetValue(purpose, out var connection))
            {
                return connection;
            }

            var o = options.Value;
            var factory = new ConnectionFactory
            {
                Uri = o.Connection!,
                ClientProvidedName = $"bench-{purpose}-{Environment.MachineName}",
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
                RequestedHeartbeat = TimeSpan.FromSeconds(30),
                RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
                // Deliveries are handled concurrently up to the prefetch count.
                ConsumerDispatchConcurrency = (ushort)Math.Min(o.Prefetch, ushort.MaxValue),
            };
            connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
            connection.ConnectionShutdownAsync += (_, e) =>
            {
                logger.LogWarning("RabbitMQ connection {Purpose} lost: {Reason}", purpose, e.ReplyText);
                return Task.CompletedTask;
            };
            connection.RecoverySucceededAsync += (_, _) =>
            {
                logger.LogInformation("RabbitMQ connection {Purpose} recovered", purpose);
                return Task.CompletedTask;
            };
            _open[purpose] = connection;
            logger.LogInformation("Connected to RabbitMQ at {Host}:{Port} ({Purpose})", o.Connection!.Host, o.Connection.Port, purpose);
            return connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>True when a connection for <paramref name="purpose"/> is open now (opening one if there is none yet).</summary>
    public async Task<bool> IsOpenAsync(string purpose, CancellationToken cancellationToken) =>
        (await GetAsync(purpose, cancellationToken).ConfigureAwait(false)).IsOpen;

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            foreach (var connection in _open.Values)
            {
                try
                {
                    await connection.CloseAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    logger.LogDebug(e, "Closing a RabbitMQ connection failed");
                }

                await connection.DisposeAsync().ConfigureAwait(false);
            }

            _open.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }
}
