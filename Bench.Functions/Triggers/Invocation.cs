using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bench.Functions.Triggers;

/// <summary>
/// What a custom handler answers the Functions host for a non-HTTP trigger:
/// <c>{"Outputs":{},"Logs":["..."],"ReturnValue":null}</c> (the host's names, not snake_case).
/// </summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    public static InvocationResponse WithLogs(params string[] logs) => new(new Dictionary<string, object?>(), logs, null);
}

/// <summary>Reads the host's invocation body <c>{"Data":{"&lt;binding&gt;":...},"Metadata":{...}}</c>.</summary>
internal static class InvocationRequest
{
    /// <summary>
    /// The trigger value bound to <paramref name="binding"/> (or the only value in Data), cloned out of the
    /// document; null with the reason when the body is not an invocation.
    /// </summary>
    public static JsonElement? TryRead(ReadOnlyMemory<byte> body, string binding, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Data", out var data)
                && data.ValueKind == JsonValueKind.Object)
            {
                if (data.TryGetProperty(binding, out var value))
                {
                    return value.Clone();
                }

                var values = data.EnumerateObject().ToList();
                if (values.Count == 1)
                {
                    return values[0].Value.Clone();
                }
            }

            error = $"The body is not a Functions host invocation: expected {{\"Data\":{{\"{binding}\":...}},\"Metadata\":{{...}}}}.";
            return null;
        }
        catch (JsonException)
        {
            error = "The body is not JSON; the Functions host sends {\"Data\":{...},\"Metadata\":{...}}.";
            return null;
        }
    }
}
