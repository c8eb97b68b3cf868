using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Bench.Functions.Triggers;

/// <summary>One record of a MinIO (S3-style) bucket notification, with the object key form-decoded.</summary>
internal sealed record MinioRecord(
    string? EventName,
    string? Bucket,
    string? Key,
    string? ETag,
    string? VersionId,
    long? Size,
    DateTimeOffset? EventTime,
    IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>
/// Reads MinIO's webhook body: <c>{"EventName","Key","Records":[{"eventName","eventTime","s3":{"bucket":{"name"},
/// "object":{"key","size","eTag","versionId","userMetadata"}}}]}</c>. Only unreadable JSON is an error; a body that parses
/// but holds no records yields none, and a record of the wrong shape yields one with its fields missing.
/// </summary>
internal static class MinioEvent
{
    /// <summary>The records of <paramref name="body"/>, or null when it is not JSON.</summary>
    public static IReadOnlyList<MinioRecord>? TryParse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("Records", out var records)
                || records.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return records.EnumerateArray().Select(Read).ToList();
        }
    }

    private static MinioRecord Read(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return new MinioRecord(null, null, null, null, null, null, null);
        }

        var s3 = Child(record, "s3");
        var bucket = Child(s3, "bucket");
        var obj = Child(s3, "object");
        var key = Text(obj, "key");
        return new MinioRecord(
            Text(record, "eventName"),
            Text(bucket, "name"),
            // MinIO query-escapes keys ('/' as %2F, ' ' as '+'): decode them as form values.
            key is null ? null : WebUtility.UrlDecode(key),
            Text(obj, "eTag"),
            Text(obj, "versionId"),
            obj is { } o && o.TryGetProperty("size", out var size) && size.TryGetInt64(out var bytes) ? bytes : null,
            DateTimeOffset.TryParse(Text(record, "eventTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null,
            UserMetadata(obj));
    }

    /// <summary>MinIO's <c>userMetadata</c> (e.g. <c>{"X-Amz-Meta-Benchmark":"flops"}</c>): the string values only.</summary>
    private static Dictionary<string, string>? UserMetadata(JsonElement? obj)
    {
        if (Child(obj, "userMetadata") is not { } metadata)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in metadata.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                values[property.Name] = property.Value.GetString()!;
            }
        }

        return values;
    }

    private static JsonElement? Child(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    private static string? Text(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
