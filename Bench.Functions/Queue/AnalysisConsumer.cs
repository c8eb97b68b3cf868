using Bench.Functions.Jobs;
using Bench.Functions.Options;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Bench.Functions.Queue;

/// <summary>
/// The analysis consumer, a hosted service of the worker when BENCH_ANALYSIS_CONSUMER is true: consumes <c>bench.analysis</c> with manual acks and a prefetch
/// of BENCH_ANALYSIS_PREFETCH, one analysis per message in hand: an upload's, or a Slurm job's assembly. On SIGTERM it cancels its consumer
/// (no new messages), lets the work in hand finish within BENCH_SHUTDOWN_SECONDS, then interrupts it
/// and hands the message back to the queue.
/// </summary>
internal sealed class AnalysisConsumer(
    RabbitConnections connections,
    QueueTopology topology,
    IServiceProvider services,
    IOptions<QueueOptions> queueOptions,
    IOptions<JobOptions> jobOptions,
    ILogger<AnalysisConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan RetryConnect = TimeSpan.FromSeconds(3);

    // Cancelled when the grace period ends: interrupts the analyses still running.
    private readonly CancellationTokenSource _interrupt = new();
    private readonly object _inFlightLock = new();
    private int _inFlight;
    private TaskCompletionSource _idle = CompletedIdle();
    private volatile bool _stopping;
    private IChannel? _channel;
    private string? _consumerTag;
    private ObjectAnalyzer? _analyzer;
    private SlurmJobAssembler? _assembler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, after start-up validated the settings it needs.
        _analyzer = services.GetRequiredService<ObjectAnalyzer>();
        _assembler = services.GetRequiredService<SlurmJobAssembler>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeUntilChannelDiesAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning("Analysis consumer not running ({Error}: {Message}); trying again in {Seconds} s", e.GetType().Name, e.Message, RetryConnect.TotalSeconds);
            }

            await Task.Delay(RetryConnect, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task ConsumeUntilChannelDiesAsync(CancellationToken stoppingToken)
    {
        var connection = await connections.GetAsync(RabbitConnections.Consume, stoppingToken).ConfigureAwait(false);
        await topology.EnsureAsync(stoppingToken).ConfigureAwait(false);
        var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            var o = queueOptions.Value;
            await channel.BasicQosAsync(0, (ushort)Math.Min(o.Prefetch, ushort.MaxValue), global: false, stoppingToken).ConfigureAwait(false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, delivery);
            _channel = channel;
            _consumerTag = await channel.BasicConsumeAsync(o.Queue, autoAck: false, consumer, stoppingToken).ConfigureAwait(false);
            logger.LogInformation("Consuming {Queue} with prefetch {Prefetch}", o.Queue, o.Prefetch);

            // The client recovers the connection and this consumer after a broker restart; a channel
            // closed by a channel error while the connection stays up is not recovered, so start over.
            while (!(!channel.IsOpen && connection.IsOpen))
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
            }

            logger.LogWarning("Analysis channel closed ({Reason}); opening a new one", channel.CloseReason?.ReplyText);
        }
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery)
    {
        if (_stopping)
        {
            // Delivered after the consumer was cancelled: not ours to start any more.
            await SettleAsync(channel, delivery.DeliveryTag, MessageAction.Requeue).ConfigureAwait(false);
            return;
        }

        Enter();
        try
        {
            var message = JobMessage.TryParse(delivery.Body.Span);
            if (message is null)
            {
                logger.LogError("A message on {Queue} is not a job message ({Bytes} bytes); it goes to the dead-letter queue", queueOptions.Value.Queue, delivery.Body.Length);
                await SettleAsync(channel, delivery.DeliveryTag, MessageAction.DeadLetter).ConfigureAwait(false);
                return;
            }

            AnalysisOutcome outcome;
            try
            {
                outcome = message.IsAssembly
                    ? await _assembler!.RunAsync(message, _interrupt.Token).ConfigureAwait(false)
                    : await _analyzer!.RunAsync(message, Timeout.InfiniteTimeSpan, _interrupt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_interrupt.IsCancellationRequested)
            {
                outcome = new AnalysisOutcome(MessageAction.Requeue, "interrupted before the job was claimed");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogError(e, "Job {JobId}: unexpected failure handling its message; it goes back to the queue", message.JobId);
                outcome = new AnalysisOutcome(MessageAction.Retry, "unexpected failure", ObjectAnalyzer.Backoff(1));
            }

            if (outcome.Action == MessageAction.Retry && outcome.Delay > TimeSpan.Zero)
            {
                try
                {
                    // Holding the message is the backoff: with prefetch 1 no other message overtakes it here.
                    await Task.Delay(outcome.Delay, _interrupt.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            using (logger.BeginScope("JobId:{JobId} ObjectKey:{ObjectKey}", message.JobId, message.Key))
            {
                await SettleAsync(channel, delivery.DeliveryTag, outcome.Action).ConfigureAwait(false);
            }
        }
        finally
        {
            Leave();
        }
    }

    private async Task SettleAsync(IChannel channel, ulong deliveryTag, MessageAction action)
    {
        try
        {
            switch (action)
            {
                case MessageAction.Ack:
                    await channel.BasicAckAsync(deliveryTag, multiple: false).ConfigureAwait(false);
                    break;
                case MessageAction.DeadLetter:
                    await channel.BasicRejectAsync(deliveryTag, requeue: false).ConfigureAwait(false);
                    break;
                default:
                    await channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The channel died with the message unsettled: the broker redelivers it, and the job's state
            // (finished, or claimed under a lease) decides what the redelivery does.
            logger.LogWarning("Could not settle delivery {DeliveryTag} ({Action}): {Error}", deliveryTag, action, e.GetType().Name);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (_channel is { IsOpen: true } channel && _consumerTag is not null)
        {
            try
            {
                await channel.BasicCancelAsync(_consumerTag, noWait: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogDebug(e, "Cancelling the consumer failed");
            }
        }

        var grace = jobOptions.Value.ShutdownGrace;
        Task idle;
        lock (_inFlightLock)
        {
            idle = _idle.Task;
            if (_inFlight > 0)
            {
                logger.LogInformation("Stopping: {Count} job(s) in hand get up to {Seconds} s to finish", _inFlight, grace.TotalSeconds);
            }
        }

        if (await Task.WhenAny(idle, Task.Delay(grace, cancellationToken)).ConfigureAwait(false) != idle)
        {
            logger.LogWarning("Stopping: the grace period ended; interrupting the job(s) in hand and handing them back to the queue");
            await _interrupt.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(idle, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None)).ConfigureAwait(false);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _interrupt.Dispose();
        base.Dispose();
    }

    private void Enter()
    {
        lock (_inFlightLock)
        {
            if (_inFlight++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private void Leave()
    {
        lock (_inFlightLock)
        {
            if (--_inFlight == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource CompletedIdle()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}
