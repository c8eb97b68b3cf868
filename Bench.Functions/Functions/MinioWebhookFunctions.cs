using Bench.Functions.Hosting.Middleware;
using Bench.Functions.Triggers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Bench.Functions.Functions;

/// <summary>
/// MinioWebhook: <c>POST /minio-event</c> (and the legacy <c>POST /minio</c>) takes MinIO's bucket
/// notifications with <c>Authorization: Bearer &lt;MINIO_WEBHOOK_TOKEN&gt;</c>. Answers 2xx for every
/// readable event, including ones it ignores, so MinIO's queue never stalls; 400 for a body that is not
/// JSON; 503 when the jobs cannot be recorded, so MinIO retries.
/// </summary>
internal sealed class MinioWebhookFunctions(WebhookService webhook, ILogger<MinioWebhookFunctions> logger)
{
    /// <summary>MinIO bucket notification: queue one analysis job per new .h5 or .csv object version.</summary>
    [Function("MinioWebhook")]
    public Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> MinioEventAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "minio-event")] HttpRequest request, CancellationToken cancellationToken) =>
        HandleAsync(request, cancellationToken);

    /// <summary>The same as /minio-event (the Python system's path).</summary>
    [Function("MinioWebhookLegacy")]
    public Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> MinioLegacyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "minio")] HttpRequest request, CancellationToken cancellationToken) =>
        HandleAsync(request, cancellationToken);

    private async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!webhook.IsAuthorized(request.Headers.Authorization))
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized("MinIO events need Authorization: Bearer <MINIO_WEBHOOK_TOKEN>.");
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        var records = MinioEvent.TryParse(body.GetBuffer().AsMemory(0, (int)body.Length));
        if (records is null)
        {
            return Problems.BadRequest("The body is not JSON; MinIO sends its event as a JSON object with Records.");
        }

        try
        {
            return TypedResults.Ok(await webhook.HandleAsync(records, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (ErrorHandling.Classify(e).Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Event not recorded, MinIO will retry: {Error}: {Message}", e.GetType().Name, e.Message);
            request.HttpContext.Response.Headers.RetryAfter = "5";
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
                "The jobs database is unavailable; nothing was recorded. Send the event again.");
        }
    }
}
