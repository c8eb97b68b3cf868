using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Bench.Functions.Tests.Contract;

/// <summary>
/// Checks a real response against openapi.json: its status is documented for the operation, its media
/// type is one the document lists, and a JSON body validates against that response's schema.
/// HTTP tests call <see cref="AssertMatchesAsync"/> with the path template and method of the operation.
/// </summary>
public static class ResponseShapes
{
    private static readonly ConcurrentDictionary<(OpenApiContract, string, string, int, string), JsonSchema?> Schemas = new();

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        // date-time and uuid are checked; formats JSON Schema does not define (int32, double) are annotations.
        RequireFormatValidation = true,
    };

    /// <summary>Fails the test, naming the operation and every mismatch, unless the response matches the contract.</summary>
    public static async Task AssertMatchesAsync(HttpResponseMessage response, string pathTemplate, string method, OpenApiContract? contract = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        var problems = Check(contract ?? OpenApiContract.Repo, pathTemplate, method, (int)response.StatusCode, response.Content.Headers.ContentType, body);
        Assert.True(problems.Count == 0,
            $"{method.ToUpperInvariant()} {pathTemplate} answered {(int)response.StatusCode} that does not match openapi.json:\n  "
            + string.Join("\n  ", problems) + "\nbody: " + (body.Length > 2000 ? body[..2000] + "..." : body));
    }

    /// <summary>Every way the response differs from the contract; empty when it matches.</summary>
    public static IReadOnlyList<string> Check(OpenApiContract contract, string pathTemplate, string method, int status, MediaTypeHeaderValue? contentType, string body)
    {
        if (contract.Find(pathTemplate, method) is null)
        {
            return [$"{method.ToUpperInvariant()} {pathTemplate} is not an operation of {contract.Source}"];
        }

        var documented = contract.Response(pathTemplate, method, status);
        if (documented is null)
        {
            return [$"status {status} is not documented for this operation"];
        }

        if (documented.Count == 0)
        {
            return body.Length == 0 ? [] : [$"status {status} is documented without a body, but one came ({contentType})"];
        }

        var mediaType = contentType?.MediaType;
        if (mediaType is null || !documented.TryGetValue(mediaType, out var schema))
        {
            return [$"media type {mediaType ?? "(none)"} is not documented for {status} (documented: {string.Join(", ", documented.Keys)})"];
        }

        if (schema is null || !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        JsonDocument instance;
        try
        {
            instance = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return [$"the {mediaType} body is not JSON: {e.Message}"];
        }

        using (instance)
        {
            var built = Schemas.GetOrAdd((contract, pathTemplate, method.ToLowerInvariant(), status, mediaType), key => Build(contract, schema, key.Item2, key.Item3, key.Item4));
            return built is null ? [] : Errors(built.Evaluate(instance.RootElement, Evaluation));
        }
    }

    /// <summary>Validates <paramref name="instance"/> against a schema of the contract (for tests of the validator itself).</summary>
    public static IReadOnlyList<string> Validate(OpenApiContract contract, JsonNode schema, string json)
    {
        using var instance = JsonDocument.Parse(json);
        return Errors(Build(contract, schema, "adhoc", Guid.NewGuid().ToString("N"), 0)!.Evaluate(instance.RootElement, Evaluation));
    }

    private static JsonSchema? Build(OpenApiContract contract, JsonNode schema, string path, string method, int status)
    {
        // A unique id per document keeps schemas of different operations apart in the registry.
        var id = new Uri($"https://bench.invalid/contract/{Guid.NewGuid():N}/{method}{Uri.EscapeDataString(path)}/{status}");
        return JsonSchema.FromText(contract.StandaloneSchema(schema, id), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    private static List<string> Errors(EvaluationResults results)
    {
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "(root)")}: {e.Key}: {e.Value}"))
            .Distinct()
            .ToList();
        return errors.Count > 0 ? errors : ["the body does not match the schema"];
    }
}
