using System.Text.Json;

namespace Bench.Functions.Tests.Contract;

/// <summary>An HTTP-triggered function as the worker's build describes it to the Functions host.</summary>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, string AuthLevel);

/// <summary>
/// The HTTP triggers of functions.metadata, the file Microsoft.Azure.Functions.Worker.Sdk writes next to
/// the worker: every function with its bindings. Its HTTP triggers are the route table the Functions host serves.
/// </summary>
public static class HttpTriggers
{
    /// <summary>BENCH_FUNCTIONS_METADATA, else the Bench.Functions build output of this test build's configuration.</summary>
    public static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("BENCH_FUNCTIONS_METADATA");
        return string.IsNullOrEmpty(fromEnvironment) ? FunctionsMetadata.Path : fromEnvironment;
    }

    public static IReadOnlyList<HttpFunction> Load(string path) => Parse(File.ReadAllText(path), path);
    public static IReadOnlyList<HttpFunction> Parse(string json, string source)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{source}: expected a JSON array of functions");
        }

        var functions = new List<HttpFunction>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = Str(function, "name") ?? throw new InvalidDataException($"{source}: a function has no name");
            foreach (var binding in function.TryGetProperty("bindings", out var bindings) ? bindings.EnumerateArray() : default)
            {
                if (!string.Equals(Str(binding, "type"), "httpTrigger", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var methods = binding.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
                    ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToList()
                    : [];
                functions.Add(new HttpFunction(
                    name,
                    Str(binding, "route") ?? name,
                    methods,
                    Str(binding, "authLevel") ?? throw new InvalidDataException($"{source}: {name}'s httpTrigger has no authLevel")));
            }
        }

        return functions;
    }

    private static string? Str(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
