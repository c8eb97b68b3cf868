using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bench.Functions.Functions;

/// <summary>
/// <c>GET /openapi/v1.json</c> (the OpenAPI document) and <c>GET /docs</c>, a self-contained page
/// that renders it and can send requests; it loads nothing from the internet.
/// </summary>
internal static class DocsFunctions
{
    public const string DocumentPath = "/openapi/v1.json";

    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = typeof(DocsFunctions).Assembly.GetManifestResourceStream("Bench.Docs.docs.html")
            ?? throw new InvalidOperationException("The docs page resource is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IServiceCollection AddBenchOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Bench API",
                    Version = "v1",
                    Description = "Auth and presigned object storage for Slurm energy profiles.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "The access token from /auth/login, /auth/register or /auth/refresh.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] }];
                }

                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapDocsFunctions(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(DocumentPath).WithName("OpenApiDocument").ExcludeFromDescription();
        routes.MapGet("/docs", () => TypedResults.Bytes(Page.Value, "text/html; charset=utf-8"))
            .WithName("ApiDocs").ExcludeFromDescription();
        return routes;
    }
}
