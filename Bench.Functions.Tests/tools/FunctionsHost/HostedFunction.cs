using System.Text.Json;
using Bench.FunctionsHost.Rpc;

namespace Bench.FunctionsHost;

/// <summary>An HTTP trigger as the worker declared it: its binding name, route template and methods.</summary>
public sealed record HttpTriggerBinding(string Name, string Route, IReadOnlyList<string>? Methods, string AuthLevel);

/// <summary>A timer trigger as the worker declared it; the schedule may name a setting (%NAME%).</summary>
public sealed record TimerTriggerBinding(string Name, string Schedule);

/// <summary>One function the worker indexed, with the trigger the host dispatches on.</summary>
public sealed record HostedFunction(string Name, string FunctionId, RpcFunctionMetadata Metadata, HttpTriggerBinding? Http, TimerTriggerBinding? Timer)
{
    /// <summary>Reads the triggers from the raw binding JSON the worker sent in its metadata.</summary>
    public static HostedFunction From(RpcFunctionMetadata metadata)
    {
        HttpTriggerBinding? http = null;
        TimerTriggerBinding? timer = null;
        foreach (var raw in metadata.RawBindings)
        {
            using var binding = JsonDocument.Parse(raw);
            var root = binding.RootElement;
            var type = Text(root, "type");
            var name = Text(root, "name") ?? throw new InvalidDataException($"function {metadata.Name}: a binding has no name: {raw}");
            if (string.Equals(type, "httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                var methods = root.TryGetProperty("methods", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList()
                    : null;
                // Without a route the host serves the function under its name.
                http = new HttpTriggerBinding(name, Text(root, "route") ?? metadata.Name, methods, Text(root, "authLevel") ?? "Function");
            }
            else if (string.Equals(type, "timerTrigger", StringComparison.OrdinalIgnoreCase))
            {
                timer = new TimerTriggerBinding(name, Text(root, "schedule") ?? throw new InvalidDataException($"function {metadata.Name}: timer trigger without schedule"));
            }
        }

        var id = string.IsNullOrEmpty(metadata.FunctionId) ? Guid.NewGuid().ToString() : metadata.FunctionId;
        return new HostedFunction(metadata.Name, id, metadata, http, timer);
    }

    private static string? Text(JsonElement element, string property)
    {
        foreach (var candidate in element.EnumerateObject())
        {
            // Binding JSON is case-insensitive in the host.
            if (string.Equals(candidate.Name, property, StringComparison.OrdinalIgnoreCase) && candidate.Value.ValueKind == JsonValueKind.String)
            {
                return candidate.Value.GetString();
            }
        }

        return null;
    }
}

/// <summary>What the host reads from the app's host.json.</summary>
public sealed record HostJson(string RoutePrefix)
{
    /// <summary>extensions.http.routePrefix, "api" when absent (the Functions default).</summary>
    public static HostJson Read(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the app folder has no host.json: {path}", path);
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var prefix = json.RootElement.TryGetProperty("extensions", out var extensions)
                && extensions.TryGetProperty("http", out var http)
                && http.TryGetProperty("routePrefix", out var value)
                ? value.GetString() ?? "api"
                : "api";
            return new HostJson(prefix.Trim('/'));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
    }
}
