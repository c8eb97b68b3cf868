using Bench.Functions.Hosting;
using Bench.Functions.Triggers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bench.Functions.Functions;

/// <summary>
/// MinioWebhook: <c>POST /minio-event</c> (and the legacy <c>POST /minio</c>) takes MinIO's bucket
/// notifications with <c>Authorization: Bearer &lt;MINIO_WEBHOOK_TOKEN&gt;</c>. Answers 2xx for every
/// readable event, including ones it ignores, so MinIO's queue never stalls; 400 for a body that is not
/// JSON; 503 when the jobs cannot be recorded, so MinIO retries.
/// </summary>
internal static class MinioWebhookFunctions
{
    public static IEndpointRouteBuilder MapMinioWebhookFunctions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("MinIO webhook").AllowAnonymous()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/minio-event", HandleAsync)
            .WithName("MinioWebhook")
            .WithSummary("MinIO bucket notification: queue one analysis job per new .h5 object version.")
            .Accepts<object>("application/json");
        group.MapPost("/minio", HandleAsync)
            .WithName("MinioWebhookLegacy")
            .WithSummary("The same as /minio-event (the Python system's path).")
            .Accepts<object>("application/json");
        return routes;
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> HandleAsync(
        HttpContext context, WebhookService webhook, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!webhook.IsAuthorized(context.Request.Headers.Authorization))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "MinIO events need Authorization: Bearer <MINIO_WEBHOOK_TOKEN>.");
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        var records = MinioEvent.TryParse(body.GetBuffer().AsMemory(0, (int)body.Length));
        if (records is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
                detail: "The body is not JSON; MinIO sends its event as a JSON object with Records.");
        }

        try
        {
            return TypedResults.Ok(await webhook.HandleAsync(records, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (ErrorHandling.Classify(e).Status == StatusCodes.Status503ServiceUnavailable)
        {
            loggers.CreateLogger(typeof(MinioWebhookFunctions)).LogWarning("Event not recorded, MinIO will retry: {Error}: {Message}", e.GetType().Name, e.Message);
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable",
                detail: "The jobs database is unavailable; nothing was recorded. Send the event again.");
        }
    }
}
