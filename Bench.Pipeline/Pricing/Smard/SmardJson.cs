using System.Text.Json;

namespace Bench.Pipeline.Pricing.Smard;

/// <summary>Parses SMARD's two JSON shapes; anything else is a <see cref="FormatException"/> saying what is wrong.</summary>
internal static class SmardJson
{
    /// <summary><c>{"timestamps":[ms,...]}</c> -> block starts in ms, ascending and distinct.</summary>
    public static long[] ParseIndex(ReadOnlyMemory<byte> json)
    {
        using var doc = Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object
            || !doc.RootElement.TryGetProperty("timestamps", out var array)
            || array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("expected an object with a \"timestamps\" array");
        }

        var starts = new List<long>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var ms))
            {
                throw new FormatException($"timestamp {Describe(item)} is not an integer of milliseconds");
            }

            starts.Add(ms);
        }

        if (starts.Count == 0)
        {
            throw new FormatException("the index lists no blocks");
        }

        return [.. starts.Distinct().Order()];
    }

    /// <summary><c>{"series":[[ms, value|null],...]}</c> -> (ms, value) in file order.</summary>
    public static List<(long Ms, double? Value)> ParseBlock(ReadOnlyMemory<byte> json)
    {
        using var doc = Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object
            || !doc.RootElement.TryGetProperty("series", out var array)
            || array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("expected an object with a \"series\" array");
        }

        var rows = new List<(long, double?)>(array.GetArrayLength());
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() < 2)
            {
                throw new FormatException($"series entry {i} is {Describe(item)}, not [timestamp, value]");
            }

            var time = item[0];
            var value = item[1];
            if (time.ValueKind != JsonValueKind.Number || !time.TryGetInt64(out var ms))
            {
                throw new FormatException($"series entry {i} has timestamp {Describe(time)}, not an integer of milliseconds");
            }

            double? v = value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Number when value.TryGetDouble(out var d) && double.IsFinite(d) => d,
                _ => throw new FormatException($"series entry {i} has value {Describe(value)}, not a number or null"),
            };
            rows.Add((ms, v));
            i++;
        }

        return rows;
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON ({ex.Message})", ex);
        }
    }

    private static string Describe(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 40 ? text : text[..37] + "...";
    }
}
