using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bench.Functions.Tests.Contract;

/// <summary>openapi.json itself is complete: ids, auth levels, path parameters, error responses, resolvable schemas.</summary>
public sealed partial class OpenApiDocumentTests
{
    private static readonly JsonObject Document = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "openapi.json")))!;

    public static TheoryData<string, string> Operations()
    {
        var data = new TheoryData<string, string>();
        foreach (var operation in OpenApiContract.Repo.Operations)
        {
            data.Add(operation.Path, operation.Method);
        }

        return data;
    }

    [Fact]
    public void TheDocumentIsValidOpenApi31ForAMaintainedParser()
    {
        var (document, diagnostic) = Microsoft.OpenApi.OpenApiDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "openapi.json")), "json");

        Assert.NotNull(document);
        Assert.Equal(Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1, diagnostic!.SpecificationVersion);
        Assert.True(diagnostic.Errors.Count == 0, "parse errors: " + string.Join("; ", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        var invalid = Microsoft.OpenApi.OpenApiElementExtensions.Validate(document, Microsoft.OpenApi.ValidationRuleSet.GetDefaultRuleSet()).ToList();
        Assert.True(invalid.Count == 0, "validation errors: " + string.Join("; ", invalid.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.Equal(OpenApiContract.Repo.Operations.Count, document.Paths.Sum(p => p.Value.Operations?.Count ?? 0));
    }

    [Fact]
    public void EveryOperationHasAUniqueIdAndAnAuthLevel()
    {
        var operations = OpenApiContract.Repo.Operations;
        Assert.True(operations.Count >= 20, $"only {operations.Count} operations");
        Assert.Equal(operations.Count, operations.Select(o => o.OperationId).Distinct().Count());
        Assert.All(operations, o => Assert.Contains(o.AuthLevel, new[] { "anonymous", "function", "admin" }));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void EveryPathParameterIsDeclaredAsARequiredPathParameter(string path, string method)
    {
        var operation = Document["paths"]![path]![method.ToLowerInvariant()]!;
        var declared = (operation["parameters"] as JsonArray ?? []).Where(p => (string?)p!["in"] == "path").ToList();
        var inTemplate = PathParameter().Matches(path).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(inTemplate.Order(), declared.Select(p => (string)p!["name"]!).Order());
        Assert.All(declared, p => Assert.True((bool?)p!["required"] == true, $"{method} {path}: {p!["name"]} is not required"));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void EveryDocumentedResponseSchemaResolves(string path, string method)
    {
        foreach (var status in ((JsonObject)Document["paths"]![path]![method.ToLowerInvariant()]!["responses"]!).Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)))
        {
            foreach (var (mediaType, schema) in OpenApiContract.Repo.Response(path, method, status)!)
            {
                if (schema is not null && mediaType.EndsWith("json", StringComparison.Ordinal))
                {
                    // Building and evaluating resolves every $ref; an instance of the wrong kind must fail somewhere.
                    ResponseShapes.Validate(OpenApiContract.Repo, schema, "{}");
                }
            }
        }
    }

    [Theory]
    [InlineData("/auth/register", "post", new[] { 201, 400, 409, 413, 415, 422, 429, 503 })]
    [InlineData("/auth/login", "post", new[] { 200, 400, 401, 413, 415, 429, 503 })]
    [InlineData("/auth/refresh", "post", new[] { 200, 400, 401, 413, 415, 503 })]
    [InlineData("/storage/presign/upload", "post", new[] { 200, 400, 401, 413 })]
    [InlineData("/storage/list", "get", new[] { 200, 400, 401, 503 })]
    [InlineData("/minio-event", "post", new[] { 200, 400, 401, 413, 503 })]
    [InlineData("/jobs/{id}/series", "get", new[] { 200, 400, 401, 404, 409, 503 })]
    [InlineData("/uploads/{id}/series", "get", new[] { 200, 400, 401, 404, 409, 503 })]
    [InlineData("/jobs", "get", new[] { 200, 400, 401, 503 })]
    [InlineData("/jobs/{id}", "delete", new[] { 204, 401, 404, 503 })]
    [InlineData("/storage/object", "delete", new[] { 204, 400, 401, 404, 503 })]
    public void ErrorResponsesAreListedAsTheCodeReturnsThem(string path, string method, int[] statuses)
    {
        var responses = (JsonObject)Document["paths"]![path]![method]!["responses"]!;
        Assert.Equal(statuses, responses.Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).Order());
        foreach (var status in statuses.Where(s => s >= 400))
        {
            Assert.NotNull(responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]!["content"]!["application/problem+json"]);
        }
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}
