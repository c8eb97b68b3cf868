using System.Collections.Concurrent;
using System.Threading.Channels;
using Bench.FunctionsHost.Rpc;
using Grpc.Core;
using RpcException = Grpc.Core.RpcException;

namespace Bench.FunctionsHost;

/// <summary>
/// The host's end of the worker's one bidirectional EventStream: queues outgoing messages (a gRPC stream
/// takes one writer at a time), matches responses to the requests that wait for them, and logs RpcLog.
/// </summary>
public sealed class WorkerChannel(string workerId, WorkerLog log)
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string WorkerId { get; } = workerId;

    /// <summary>Completes when the worker has opened its stream with StartStream.</summary>
    public Task Connected => _connected.Task;

    /// <summary>Completes when the worker's stream ends.</summary>
    public Task Disconnected => _disconnected.Task;

    /// <summary>Sends <paramref name="message"/> and waits for the response keyed <paramref name="key"/>.</summary>
    public async Task<StreamingMessage> RequestAsync(string key, StreamingMessage message, TimeSpan timeout, CancellationToken cancel = default)
    {
        var response = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(key, response))
        {
            throw new InvalidOperationException($"a request '{key}' is already waiting for the worker");
        }

        try
        {
            Send(message);
            return await response.Task.WaitAsync(timeout, cancel);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the worker did not answer {message.ContentCase} ({key}) within {timeout.TotalSeconds} s; last lines:\n{log.Tail()}");
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    public void Send(StreamingMessage message)
    {
        if (_disconnected.Task.IsCompleted || !_outgoing.Writer.TryWrite(message))
        {
            throw new InvalidOperationException($"the worker's gRPC stream is closed; cannot send {message.ContentCase}");
        }
    }

    /// <summary>Serves the worker's EventStream call until it or the host ends it.</summary>
    public async Task ServeAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancel)
    {
        if (!await requests.MoveNext(cancel) || requests.Current.ContentCase != StreamingMessage.ContentOneofCase.StartStream)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message must be StartStream"));
        }

        if (requests.Current.StartStream.WorkerId != WorkerId || !_connected.TrySetResult())
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"unexpected worker '{requests.Current.StartStream.WorkerId}'"));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var writing = WriteAsync(responses, stop.Token);
        try
        {
            while (await requests.MoveNext(cancel))
            {
                Dispatch(requests.Current);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or RpcException)
        {
            // The worker was killed or the host is stopping: the stream ends either way.
        }
        finally
        {
            _disconnected.TrySetResult();
            _outgoing.Writer.TryComplete();
            foreach (var waiting in _pending.Values)
            {
                waiting.TrySetException(new IOException("the worker's gRPC stream ended"));
            }

            await stop.CancelAsync();
            await writing;
        }
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> responses, CancellationToken cancel)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancel))
            {
                await responses.WriteAsync(message, cancel);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The call ended while a message was queued; its requester fails on Disconnected.
        }
    }

    private static string Text(TypedData data) => data.DataCase switch
    {
        TypedData.DataOneofCase.String => data.String,
        TypedData.DataOneofCase.Json => data.Json,
        TypedData.DataOneofCase.Int => data.Int.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TypedData.DataOneofCase.Double => data.Double.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => data.DataCase.ToString(),
    };

    private void Dispatch(StreamingMessage message)
    {
        var key = message.ContentCase switch
        {
            StreamingMessage.ContentOneofCase.WorkerInitResponse => "init",
            StreamingMessage.ContentOneofCase.FunctionMetadataResponse => "metadata",
            StreamingMessage.ContentOneofCase.FunctionLoadResponse => "load:" + message.FunctionLoadResponse.FunctionId,
            StreamingMessage.ContentOneofCase.InvocationResponse => "invoke:" + message.InvocationResponse.InvocationId,
            StreamingMessage.ContentOneofCase.WorkerStatusResponse => "status",
            _ => null,
        };
        if (message.ContentCase == StreamingMessage.ContentOneofCase.RpcLog)
        {
            var rpcLog = message.RpcLog;
            var exception = rpcLog.Exception is null ? "" : $" {rpcLog.Exception.Message}\n{rpcLog.Exception.StackTrace}";
            // Structured properties (scope values such as RequestId among them) as Name:Value.
            var properties = string.Join(" | ", rpcLog.PropertiesMap.Select(p => $"{p.Key}:{Text(p.Value)}"));
            log.Add($"{rpcLog.Level} {rpcLog.Category}: {rpcLog.Message}{exception} [{properties}]");
        }
        else if (key is not null && _pending.TryGetValue(key, out var waiting))
        {
            waiting.TrySetResult(message);
        }
        else
        {
            log.Add($"[host] unexpected {message.ContentCase} from the worker");
        }
    }
}

/// <summary>The gRPC service the worker connects to; it hands the stream to the host's channel.</summary>
public sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
        => channel.ServeAsync(requestStream, responseStream, context.CancellationToken);
}
