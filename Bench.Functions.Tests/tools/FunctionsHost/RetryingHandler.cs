namespace Bench.FunctionsHost;

/// <summary>
/// Resends a forwarded request that failed before reaching the worker, as the Functions host's retrying
/// proxy handler does: a pooled connection the worker has just closed (e.g. after answering 413 without
/// reading the body) fails the next send, and the worker then waits in vain for that invocation's request.
/// A request whose body was already being streamed cannot be resent; YARP refuses it and reports the error.
/// </summary>
public sealed class RetryingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private const int Attempts = 3;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < Attempts && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
        }
    }
}
