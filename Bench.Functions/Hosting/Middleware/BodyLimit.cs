using System.Globalization;
using Bench.Functions.Options;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Hosting.Middleware;

/// <summary>
/// HTTP functions: a declared body over BENCH_MAX_BODY_BYTES answers 413 before the function runs.
/// A chunked body is cut off by Kestrel's limit while it is read (ErrorHandling answers that 413).
/// </summary>
internal sealed class BodyLimit(IOptions<HttpOptions> options) : IFunctionsWorkerMiddleware
{
    public static string TooLarge(int limit) => $"The request body is larger than {limit.ToString(CultureInfo.InvariantCulture)} bytes.";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext() ?? throw new InvalidOperationException($"{context.FunctionDefinition.Name} has no HTTP request.");
        var limit = options.Value.MaxBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload Too Large", detail: TooLarge(limit))
                .ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
