using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Bench.Functions.Functions;

/// <summary>
/// The contract-first OpenAPI document (openapi.json at the repo root, copied into the app) at
/// <c>GET /openapi/v1.json</c> and <c>GET /openapi.json</c>, and the interactive docs page at
/// <c>GET /docs</c> with its assets at <c>/docs/&lt;file&gt;</c>, all from the app folder: no CDN.
/// </summary>
public sealed class DocsFunctions
{
    private readonly ApiDocsFiles _files;

    public DocsFunctions()
        : this(ApiDocsFiles.App)
    {
    }

    internal DocsFunctions(ApiDocsFiles files) => _files = files;

    [Function("OpenApiDocument")]
    public IActionResult OpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        Serve(request, _files.Document());

    [Function("OpenApiDocumentAlias")]
    public IActionResult OpenApiDocumentAlias(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        Serve(request, _files.Document());

    [Function("ApiDocs")]
    public IActionResult ApiDocs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs/{*path}")] HttpRequest request, FunctionContext context)
    {
        var path = context.BindingContext.BindingData.TryGetValue("path", out var value) ? value?.ToString() : null;
        return Page(request, path);
    }

    /// <summary>The page or one of its files; <c>/docs/</c> goes to <c>/docs</c>, where the page's relative links resolve.</summary>
    internal IActionResult Page(HttpRequest request, string? path)
    {
        if (string.IsNullOrEmpty(path) && request.Path.HasValue && request.Path.Value!.EndsWith('/'))
        {
            // Relative, so it also works behind a path prefix (/api/docs/ -> /api/docs).
            return new RedirectResult("../docs", permanent: true);
        }

        var file = _files.Asset(path);
        if (file is null)
        {
            return new ObjectResult(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Not Found",
                Detail = $"The docs page has no file '{path}'.",
            })
            {
                StatusCode = StatusCodes.Status404NotFound,
                ContentTypes = { "application/problem+json" },
            };
        }

        if (file.Name == ApiDocsFiles.PageName)
        {
            request.HttpContext.Response.Headers.ContentSecurityPolicy = ApiDocsFiles.PagePolicy;
        }

        return Serve(request, file);
    }

    private static FileContentResult Serve(HttpRequest request, ApiDocsFile file)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // Short: a new deployment's document and page show up within minutes.
        headers.CacheControl = "public, max-age=300";
        return new FileContentResult(file.Content, file.ContentType);
    }
}
