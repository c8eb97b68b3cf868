using System.Collections.Concurrent;
using Bench.Functions.Jobs;
using Bench.Functions.Options;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Bench.Functions.Queue;

/// <summary>
/// Publishes job messages, persistent and mandatory, each awaited until the broker confirms it. A few
/// confirming channels are pooled, each used by one call at a time; a call publishes up to
/// <see cref="PerChannel"/> messages on one channel back to back and then waits once for all their confirms
/// (the client keeps the sequence numbers in order), so a batch costs one round trip, not one per message.
/// A failed publish is reported, not retried: the job row is already committed and the sweeper publishes it again.
/// </summary>
internal sealed class JobPublisher(
    RabbitConnections connections,
    QueueTopology topology,
    IOptions<QueueOptions> options,
    JobMetrics metrics,
    ILogger<JobPublisher> logger) : IAsyncDisposable
{
    private const int MaxChannels = 8;

    /// <summary>Messages in flight on one channel: below the client's default limit on outstanding confirms (128), where it starts to throttle at half.</summary>
    internal const int PerChannel = 60;

    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentBag<IChannel> _idle = [];
    private readonly SemaphoreSlim _slots = new(MaxChannels, MaxChannels);

    /// <summary>Publishes each message; returns the job ids the broker confirmed.</summary>
    public async Task<IReadOnlyList<Guid>> PublishAsync(IReadOnlyList<JobMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return [];
        }

        var chunks = await Task.WhenAll(messages.Chunk(PerChannel).Select(chunk => PublishOnOneChannelAsync(chunk, cancellationToken))).ConfigureAwait(false);
        var confirmed = chunks.SelectMany(c => c).ToList();
        metrics.Published(confirmed.Count);
        metrics.PublishFailed(messages.Count - confirmed.Count);
        return confirmed;
    }

    private async Task<IReadOnlyList<Guid>> PublishOnOneChannelAsync(JobMessage[] messages, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        IChannel? channel = null;
        try
        {
            try
            {
                await topology.EnsureAsync(cancellationToken).ConfigureAwait(false);
                channel = await RentAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("{Count} job(s) not published ({Error}: {Message}); the sweeper will publish them", messages.Length, e.GetType().Name, e.Message);
                return [];
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConfirmTimeout);
            // All sent before any confirm is awaited: the broker confirms them together.
            var publishes = messages.Select(m => (Message: m, Confirm: SendAsync(channel, m, timeout.Token))).ToList();
            var confirmed = new List<Guid>(messages.Length);
            foreach (var (message, confirm) in publishes)
            {
                if (await ConfirmedAsync(message, confirm, cancellationToken).ConfigureAwait(false))
                {
                    confirmed.Add(message.JobId);
                }
            }

            return confirmed;
        }
        finally
        {
            if (channel is not null)
            {
                await ReturnAsync(channel).ConfigureAwait(false);
            }

            _slots.Release();
        }
    }

    private async Task SendAsync(IChannel channel, JobMessage message, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            MessageId = message.JobId.ToString(),
            Type = message.IsAssembly ? "bench.analysis.assembly" : "bench.analysis.job",
        };
        await channel.BasicPublishAsync(string.Empty, options.Value.Queue, mandatory: true, properties, message.ToBytes(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> ConfirmedAsync(JobMessage message, Task confirm, CancellationToken cancellationToken)
    {
        try
        {
            await confirm.ConfigureAwait(false);
            return true;
        }
        catch (PublishException e) when (e.IsReturn)
        {
            // Unroutable: the queue is gone. Declare it again before the next publish.
            topology.Invalidate();
            logger.LogWarning("Job {JobId} not published: queue {Queue} does not exist; it will be declared again", message.JobId, options.Value.Queue);
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Job {JobId} not published ({Error}: {Message}); the sweeper will publish it", message.JobId, e.GetType().Name, e.Message);
            return false;
        }
    }

    private async Task<IChannel> RentAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryTake(out var channel))
        {
            if (channel.IsOpen)
            {
                return channel;
            }

            await channel.DisposeAsync().ConfigureAwait(false);
        }

        var connection = await connections.GetAsync(RabbitConnections.Publish, cancellationToken).ConfigureAwait(false);
        if (!connection.IsOpen)
        {
            throw new InvalidOperationException("the RabbitMQ connection is not open (the client is recovering it)");
        }

        return await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task ReturnAsync(IChannel channel)
    {
        if (channel.IsOpen)
        {
            _idle.Add(channel);
        }
        else
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var channel))
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }
    }
}
