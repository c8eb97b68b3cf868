using System.Text.Json;

namespace Bench.Functions.Tests.Contract;

/// <summary>An HTTP-triggered function as the worker's build describes it to the Functions host.</summary>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, string AuthLevel);

/// <summary>
/// The functions.metadata file Microsoft.Azure.Functions.Worker.Sdk writes next to the worker: every
/// function with its bindings. Its HTTP triggers are the route table the Functions host serves.
/// </summary>
public static class FunctionsMetadata
{
    public const string FileName = "functions.metadata";

    /// <summary>BENCH_FUNCTIONS_METADATA, else the Bench.Functions build output of this test build's configuration.</summary>
    public static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("BENCH_FUNCTIONS_METADATA");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        // The test binaries live in Bench.Functions.Tests/bin/<Configuration>/<tfm>/; the worker's in Bench.Functions/bin/<same>.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name;
        var configuration = testOutput.Parent?.Name ?? "Debug";
        return Path.Combine(RepoRoot.Path, "Bench.Functions", "bin", configuration, framework, FileName);
    }

    public static IReadOnlyList<HttpFunction> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} does not exist: build Bench.Functions (the Worker SDK writes {FileName} into its output) or set BENCH_FUNCTIONS_METADATA.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

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
