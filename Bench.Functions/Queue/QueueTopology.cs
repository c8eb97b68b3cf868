using Bench.Functions.Options;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Bench.Functions.Queue;

/// <summary>
/// Declares, idempotently: the durable quorum queue <c>bench.analysis</c> dead-lettering to the direct
/// exchange <c>bench.analysis.dlx</c>, bound to the quorum queue <c>bench.analysis.dead</c>, with
/// <c>x-delivery-limit</c>. Done once per process; again after a publish finds the queue missing.
/// </summary>
internal sealed class QueueTopology(RabbitConnections connections, IOptions<QueueOptions> options, ILogger<QueueTopology> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _declared;

    public bool IsDeclared => _declared;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_declared)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_declared)
            {
                return;
            }

            var connection = await connections.GetAsync(RabbitConnections.Publish, cancellationToken).ConfigureAwait(false);
            await DeclareAsync(connection, options.Value, cancellationToken).ConfigureAwait(false);
            _declared = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forget the declaration (the queue went missing); the next <see cref="EnsureAsync"/> declares again.</summary>
    public void Invalidate() => _declared = false;

    private async Task DeclareAsync(IConnection connection, QueueOptions o, CancellationToken cancellationToken)
    {
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await channel.ExchangeDeclareAsync(o.DeadLetterExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueDeclareAsync(o.DeadLetterQueue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueBindAsync(o.DeadLetterQueue, o.DeadLetterExchange, routingKey: o.Queue, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueDeclareAsync(o.Queue, durable: true, exclusive: false, autoDelete: false, arguments: QueueArguments(o), cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Declared quorum queue {Queue} (delivery limit {DeliveryLimit}, dead letters to {DeadLetterQueue})", o.Queue, o.DeliveryLimit, o.DeadLetterQueue);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 406)
        {
            // The queue exists with other arguments (e.g. an older delivery limit): use it as it is, and say so.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueDeclarePassiveAsync(o.Queue, cancellationToken).ConfigureAwait(false);
            logger.LogError(
                "Queue {Queue} exists with other arguments than x-queue-type=quorum, x-delivery-limit={DeliveryLimit}, x-dead-letter-exchange={DeadLetterExchange}: {Reason}. It is used as it is; delete it (when empty) or set a policy to change it.",
                o.Queue, o.DeliveryLimit, o.DeadLetterExchange, e.ShutdownReason?.ReplyText);
        }
    }

    internal static Dictionary<string, object?> QueueArguments(QueueOptions o) => new()
    {
        ["x-queue-type"] = "quorum",
        ["x-dead-letter-exchange"] = o.DeadLetterExchange,
        ["x-dead-letter-routing-key"] = o.Queue,
        ["x-delivery-limit"] = o.DeliveryLimit,
    };
}
