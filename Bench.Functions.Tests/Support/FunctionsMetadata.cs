using System.Text.Json;

namespace Bench.Functions.Tests;

/// <summary>One function as the Worker SDK wrote it into functions.metadata: its trigger, route and methods.</summary>
public sealed record FunctionMetadata(string Name, string EntryPoint, string Trigger, string? Route, IReadOnlyList<string> Methods, string? AuthLevel);

/// <summary>
/// Reads functions.metadata from the worker's build output (Bench.Functions/bin/&lt;configuration&gt;/net10.0),
/// the route table the Functions host serves; built together with these tests.
/// </summary>
public static class FunctionsMetadata
{
    public static string Path { get; } = Find();

    public static IReadOnlyList<FunctionMetadata> Read()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path));
        return [.. document.RootElement.EnumerateArray().Select(function =>
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .First(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));
            return new FunctionMetadata(
                function.GetProperty("name").GetString()!,
                function.GetProperty("entryPoint").GetString()!,
                trigger.GetProperty("type").GetString()!,
                trigger.TryGetProperty("route", out var route) ? route.GetString() : null,
                trigger.TryGetProperty("methods", out var methods) ? [.. methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant())] : [],
                trigger.TryGetProperty("authLevel", out var level) ? level.GetString() : null);
        })];
    }

    private static string Find()
    {
        // The test binaries sit in Bench.Functions.Tests/bin/<configuration>/<tfm>/; the worker's beside them.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var candidate = System.IO.Path.Combine(RepoRoot.Path, "Bench.Functions", "bin", output.Parent!.Name, output.Name, "functions.metadata");
        return File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException($"functions.metadata not found at {candidate}: build Bench.Functions first.", candidate);
    }
}
