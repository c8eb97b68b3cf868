using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bench.Functions.Tests.Contract;

/// <summary>One operation of openapi.json: where, how, which function, and the Functions auth level it declares.</summary>
public sealed record ContractOperation(string Path, string Method, string OperationId, string? AuthLevel);

/// <summary>
/// The API contract, openapi.json at the repository root: its operations, and the schema of each
/// documented response as a JSON Schema (2020-12, what OpenAPI 3.1 schemas are).
/// </summary>
public sealed class OpenApiContract
{
    /// <summary>The extension every operation carries: the Functions auth level of its HTTP trigger.</summary>
    public const string AuthLevelExtension = "x-functions-auth-level";

    /// <summary>The document's extension naming HTTP functions that are deliberately not operations, each with why.</summary>
    public const string NotOperationsExtension = "x-functions-not-operations";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private readonly JsonObject _document;

    public OpenApiContract(string json, string source)
    {
        Source = source;
        _document = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{source}: not a JSON object");
        var version = (string?)_document["openapi"];
        if (version is null || !(version.StartsWith("3.1", StringComparison.Ordinal) || version.StartsWith("3.0", StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"{source}: openapi is '{version}', expected 3.0 or 3.1");
        }

        Operations = [.. ReadOperations()];
        NotOperations = (_document[NotOperationsExtension] as JsonObject ?? [])
            .ToDictionary(f => f.Key, f => (string?)f.Value ?? throw new InvalidDataException($"{source}: {NotOperationsExtension}.{f.Key} gives no reason"), StringComparer.Ordinal);
    }

    /// <summary>The repository's openapi.json, the file the build copies into the app.</summary>
    public static OpenApiContract Repo { get; } = Load(Path.Combine(RepoRoot.Path, "openapi.json"));

    public string Source { get; }

    public IReadOnlyList<ContractOperation> Operations { get; }

    /// <summary>HTTP functions the document leaves out on purpose (the catch-all Fallback), with the reason.</summary>
    public IReadOnlyDictionary<string, string> NotOperations { get; }

    public static OpenApiContract Load(string path) => new(File.ReadAllText(path), path);

    /// <summary>The operation for a documented path template (<c>/jobs/{id}</c>) and method, or null.</summary>
    public ContractOperation? Find(string pathTemplate, string method) =>
        Operations.FirstOrDefault(o => o.Path == pathTemplate && string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The documented response for (path, method, status): its media types and, per media type, the schema
    /// (null when the document gives none). Null when the status is not documented at all.
    /// </summary>
    public IReadOnlyDictionary<string, JsonNode?>? Response(string pathTemplate, string method, int status)
    {
        var response = _document["paths"]?[pathTemplate]?[method.ToLowerInvariant()]?["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (response is null)
        {
            return null;
        }

        var content = response["content"] as JsonObject;
        return content is null
            ? new Dictionary<string, JsonNode?>()
            : content.ToDictionary(c => c.Key, c => c.Value?["schema"]?.DeepClone(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A standalone JSON Schema document for <paramref name="schema"/>: the components become <c>$defs</c>
    /// so that <c>$ref</c>s resolve inside it.
    /// </summary>
    public string StandaloneSchema(JsonNode schema, Uri id)
    {
        var definitions = _document["components"]?["schemas"]?.DeepClone() ?? new JsonObject();
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = id.ToString(),
            ["$defs"] = definitions,
            ["allOf"] = new JsonArray(schema.DeepClone()),
        };
        return root.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
    }

    private IEnumerable<ContractOperation> ReadOperations()
    {
        var paths = _document["paths"] as JsonObject ?? throw new InvalidDataException($"{Source}: no paths");
        foreach (var (path, item) in paths)
        {
            if (item is not JsonObject operations)
            {
                throw new InvalidDataException($"{Source}: {path} is not an object");
            }

            foreach (var (method, operation) in operations.Where(o => Methods.Contains(o.Key)))
            {
                var id = (string?)operation?["operationId"] ?? throw new InvalidDataException($"{Source}: {method.ToUpperInvariant()} {path} has no operationId");
                yield return new ContractOperation(path, method.ToUpperInvariant(), id, (string?)operation![AuthLevelExtension]);
            }
        }
    }

    /// <summary>The document as it is, for comparing with what the app serves.</summary>
    public JsonElement Raw() => JsonSerializer.SerializeToElement(_document);
}
