using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bench.Functions.Jobs;

namespace Bench.Functions.Queue;

/// <summary>
/// The message on <c>bench.analysis</c>: <c>{"job_id","bucket","key","etag"}</c> for an upload's analysis, or
/// <c>{"kind":"assembly","job_id","key"}</c> for a Slurm job's assembly (job_id is then the
/// <c>slurm_job_status</c> id, key its job_key). Only the id is trusted; the row says what to do, the rest
/// is for people reading the queue.
/// </summary>
internal sealed record JobMessage(
    [property: JsonPropertyName("job_id")] Guid JobId,
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("etag")] string ETag,
    [property: JsonPropertyName("kind"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Kind = null)
{
    public const string AssemblyKind = "assembly";

    public static JobMessage For(PendingJob job) => new(job.Id, job.Bucket, job.ObjectKey, job.ETag);

    /// <summary>Asks for the assembly of the Slurm job whose <c>slurm_job_status</c> row is <paramref name="statusId"/>.</summary>
    public static JobMessage ForAssembly(Guid statusId, string jobKey) => new(statusId, "", jobKey, "", AssemblyKind);

    [JsonIgnore]
    public bool IsAssembly => Kind == AssemblyKind;

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    /// <summary>The message in <paramref name="body"/>, or null when it is not one.</summary>
    public static JobMessage? TryParse(ReadOnlySpan<byte> body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<JobMessage>(body);
            return message is { JobId: var id } && id != Guid.Empty ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The message as the Functions host hands it over: a JSON object, a string holding the JSON, or a
    /// string holding the base64 of the bytes.
    /// </summary>
    public static JobMessage? TryParse(JsonElement data)
    {
        switch (data.ValueKind)
        {
            case JsonValueKind.Object:
                return TryParse(Encoding.UTF8.GetBytes(data.GetRawText()));
            case JsonValueKind.String:
                var text = data.GetString()!;
                var parsed = TryParse(Encoding.UTF8.GetBytes(text));
                if (parsed is not null)
                {
                    return parsed;
                }

                var bytes = new byte[text.Length];
                return Convert.TryFromBase64String(text, bytes, out var written) ? TryParse(bytes.AsSpan(0, written)) : null;
            default:
                return null;
        }
    }
}
