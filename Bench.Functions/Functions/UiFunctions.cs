using Bench.Functions.Options;
using Bench.Functions.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Bench.Functions.Functions;

/// <summary>
/// The dashboard at <c>GET /ui/</c>: web's build output as static files with strong ETags (304 on
/// If-None-Match), cached for a year when the name carries a content hash, index.html for the page and
/// for client routes, under a strict Content-Security-Policy. HEAD answers the same headers.
/// </summary>
internal sealed class UiFunctions(UiFiles files, IOptions<StorageOptions> storage, ILogger<UiFunctions> logger)
{
    private readonly string _policy = UiHeaders.ContentSecurityPolicy(storage.Value.PublicUrl);

    [Function("Ui")]
    public IActionResult Ui(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "ui/{*path}")] HttpRequest request, FunctionContext context)
    {
        var path = context.BindingContext.BindingData.TryGetValue("path", out var value) ? value?.ToString() : null;
        return Serve(request, path);
    }

    /// <summary>The answer for <paramref name="path"/> below <c>/ui/</c>.</summary>
    internal IActionResult Serve(HttpRequest request, string? path)
    {
        if (string.IsNullOrEmpty(path) && !(request.Path.Value ?? "").EndsWith('/'))
        {
            // Relative, so it works behind a path prefix too (/api/ui -> /api/ui/), where the page's relative links resolve.
            return new RedirectResult("ui/", permanent: true);
        }

        var (match, file) = files.Find(path);
        switch (match)
        {
            case UiMatch.NotBuilt:
                logger.LogWarning("The dashboard is not built into this app: {Folder} has no {Index}", files.Root, UiFiles.IndexName);
                return NotFound("The dashboard is not part of this build (the app's ui/ folder has no index.html).");
            case UiMatch.NotFound:
                return NotFound($"The dashboard has no file '{path}'.");
        }

        var headers = request.HttpContext.Response.Headers;
        UiHeaders.Apply(headers, _policy);
        headers.CacheControl = match == UiMatch.File && file!.Hashed ? UiHeaders.Immutable : UiHeaders.Revalidate;
        // The result answers If-None-Match with 304 and HEAD without a body.
        return new FileContentResult(file!.Content, file.ContentType) { EntityTag = new EntityTagHeaderValue(file.ETag) };
    }

    private static ObjectResult NotFound(string detail) => new(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Not Found",
        Detail = detail,
    })
    {
        StatusCode = StatusCodes.Status404NotFound,
        ContentTypes = { "application/problem+json" },
    };
}
