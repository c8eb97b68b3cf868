using System.Globalization;
using Bench.Functions.Options;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Hosting.Middleware;

/// <summary>
/// HTTP functions: the request body is read into memory before the function runs, up to
/// BENCH_MAX_BODY_BYTES; a larger one (declared or chunked) answers 413 with a problem body. The rest of
/// an oversized body is read and dropped first, so the host's connection to the worker stays usable and
/// it relays the 413 instead of a broken response.
/// </summary>
internal sealed class BodyLimit(IOptions<HttpOptions> options) : IFunctionsWorkerMiddleware
{
    /// <summary>How much of an oversized body is drained; Kestrel's own limit, beyond which it drops the connection.</summary>
    public static long DrainLimit(int maxBodyBytes) => Math.Max(4L * maxBodyBytes, 1 << 20);

    public static string TooLarge(int limit) => $"The request body is larger than {limit.ToString(CultureInfo.InvariantCulture)} bytes.";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext() ?? throw new InvalidOperationException($"{context.FunctionDefinition.Name} has no HTTP request.");
        var request = http.Request;
        var limit = options.Value.MaxBodyBytes;
        if (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0 || request.ContentLength == 0)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var body = new MemoryStream();
        var tooLarge = request.ContentLength > limit || !await CopyUpToAsync(request.Body, body, limit, context.CancellationToken).ConfigureAwait(false);
        if (tooLarge)
        {
            await DrainAsync(request.Body, context.CancellationToken).ConfigureAwait(false);
            await TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload Too Large", detail: TooLarge(limit))
                .ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        body.Position = 0;
        request.Body = body;
        await next(context).ConfigureAwait(false);
    }

    /// <summary>Copies the body; false as soon as it passes <paramref name="limit"/> bytes.</summary>
    private static async Task<bool> CopyUpToAsync(Stream source, MemoryStream target, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (target.Length + read > limit)
            {
                return false;
            }

            target.Write(buffer, 0, read);
        }

        return true;
    }

    private static async Task DrainAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (BadHttpRequestException)
        {
            // Past Kestrel's limit (DrainLimit): the connection is dropped after the 413.
        }
    }
}
