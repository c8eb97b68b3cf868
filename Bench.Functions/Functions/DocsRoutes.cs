using Microsoft.AspNetCore.Mvc;

namespace Bench.Functions.Functions;

/// <summary>
/// The docs routes for the minimal-API app (BenchApp) while it exists: the same files and answers
/// as the <see cref="DocsFunctions"/> functions. Goes away with BenchApp when the worker serves HTTP.
/// </summary>
internal static class DocsRoutes
{
    public static IEndpointRouteBuilder MapDocsFunctions(this IEndpointRouteBuilder routes)
    {
        var functions = new DocsFunctions();
        routes.MapGet("/openapi/v1.json", (HttpRequest request) => AsResult(functions.OpenApiDocument(request))).WithName("OpenApiDocument");
        routes.MapGet("/openapi.json", (HttpRequest request) => AsResult(functions.OpenApiDocumentAlias(request))).WithName("OpenApiDocumentAlias");
        routes.MapGet("/docs/{**path}", (HttpRequest request, string? path) => AsResult(functions.Page(request, path))).WithName("ApiDocs");
        return routes;
    }

    // Minimal APIs have no MVC result executors: the few results the functions give, as IResult.
    private static IResult AsResult(IActionResult result) => result switch
    {
        FileContentResult file => Results.Bytes(file.FileContents, file.ContentType),
        RedirectResult redirect => Results.Redirect(redirect.Url, redirect.Permanent),
        ObjectResult { Value: ProblemDetails problem } => Results.Problem(problem),
        _ => throw new NotSupportedException($"The docs routes do not map {result.GetType().Name}."),
    };
}
