using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Bench.Functions.Jobs;
using Bench.Functions.Options;
using Bench.Functions.Queue;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Triggers;

/// <summary>An object version the webhook took on: its job, new or already there.</summary>
public sealed record WebhookAccepted(
    string Key,
    string Etag,
    Guid JobId,
    string State,
    [property: JsonPropertyName("duplicate")] bool Duplicate,
    [property: JsonPropertyName("published")] bool Published);

/// <summary>A record the webhook left alone, and why.</summary>
public sealed record WebhookIgnored(string? Key, string? Event, string Reason);

/// <summary>The webhook's answer: <c>{"accepted":[...],"ignored":[...]}</c>.</summary>
public sealed record WebhookResponse(IReadOnlyList<WebhookAccepted> Accepted, IReadOnlyList<WebhookIgnored> Ignored);

/// <summary>
/// MinioWebhook: checks MinIO's bearer token, picks the <c>s3:ObjectCreated:*</c> records for <c>.h5</c>
/// and <c>.csv</c> keys in the bucket and prefix, records one upload per object version in PostgreSQL (with
/// its kind and Slurm job from the name and the event's userMetadata), then publishes the new ones, together
/// with concurrent calls' (see <see cref="WebhookBatcher"/>). The jobs are committed before the answer;
/// publishing is best effort (the sweeper catches up).
/// </summary>
internal sealed class WebhookService(
    WebhookBatcher batcher,
    IOptions<StorageOptions> storage,
    IOptions<WebhookOptions> webhook,
    JobMetrics metrics,
    ILogger<WebhookService> logger)
{
    private const string CreatedPrefix = "s3:ObjectCreated:";

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer &lt;MINIO_WEBHOOK_TOKEN&gt;</c>, compared in constant time.</summary>
    public bool IsAuthorized(string? authorization)
    {
        const string scheme = "Bearer ";
        // No token configured (the webhook functions are disabled in this worker): nothing is authorized.
        if (webhook.Value.Token.Length == 0 || authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing first makes the comparison independent of both lengths.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(webhook.Value.Token));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    public async Task<WebhookResponse> HandleAsync(IReadOnlyList<MinioRecord> records, CancellationToken cancellationToken)
    {
        var (versions, ignored) = Classify(records);
        if (records.Count == 0)
        {
            ignored.Add(new WebhookIgnored(null, null, "the event has no Records"));
        }

        var recorded = await batcher.RecordAsync(versions, cancellationToken).ConfigureAwait(false);
        var created = recorded.Count(r => r.Job.Queued);
        foreach (var (job, published) in recorded)
        {
            using var scope = logger.BeginScope("JobId:{JobId} ObjectKey:{ObjectKey}", job.Id, job.Object.Key);
            logger.LogInformation(
                job.Outcome switch
                {
                    RecordOutcome.Created => "Job {JobId} queued for {ObjectKey} (ETag {ETag}), published: {Published}",
                    RecordOutcome.Requeued => "Job {JobId} queued again for {ObjectKey} (ETag {ETag}): uploaded anew after another version, published: {Published}",
                    _ => "Job {JobId} already exists for {ObjectKey} (ETag {ETag}), published: {Published}",
                },
                job.Id, job.Object.Key, job.Object.ETag, published);
        }

        metrics.Accepted(created);
        metrics.Duplicates(recorded.Count - created);
        metrics.Ignored(ignored.Count(i => i.Key is not null || i.Event is not null));
        var accepted = recorded
            .Select(r => new WebhookAccepted(r.Job.Object.Key, r.Job.Object.ETag, r.Job.Id, r.Job.State, !r.Job.Queued, r.Published))
            .ToList();
        return new WebhookResponse(accepted, ignored);
    }

    /// <summary>Splits records into object versions to analyse and the rest, with a reason for each of the rest.</summary>
    internal (List<ObjectVersion> Versions, List<WebhookIgnored> Ignored) Classify(IReadOnlyList<MinioRecord> records)
    {
        var options = storage.Value;
        var versions = new List<ObjectVersion>();
        var ignored = new List<WebhookIgnored>();
        foreach (var r in records)
        {
            string? owner = null;
            var reason = r switch
            {
                { EventName: null } => "the record has no eventName",
                { EventName: var name } when !name.StartsWith(CreatedPrefix, StringComparison.Ordinal) => $"{name} is not an object creation",
                { Bucket: null } => "the record names no bucket",
                { Bucket: var bucket } when bucket != options.Bucket => $"bucket '{bucket}' is not '{options.Bucket}'",
                { Key: null or "" } => "the record names no object key",
                { ETag: null or "" } => "the record has no eTag (the rescan will pick the object up)",
                // PostgreSQL text cannot hold NUL: recording one would fail the call with a 500.
                _ when HasNul(r.Key) || HasNul(r.ETag) || HasNul(r.VersionId) => "the record's key, eTag or versionId contains a NUL character",
                _ => null,
            };
            if (reason is null)
            {
                owner = ObjectSources.OwnerOf(r.Key!, options.ObjectPrefix, out reason);
            }

            if (owner is null)
            {
                ignored.Add(new WebhookIgnored(r.Key, r.EventName, reason!));
                continue;
            }

            versions.Add(new ObjectVersion(r.Bucket!, r.Key!, ObjectSources.NormalizeETag(r.ETag!), owner, r.VersionId, r.Size, r.EventTime, UploadIdentity.Of(r.Key!, r.Metadata)));
        }

        return (versions, ignored);
    }

    private static bool HasNul(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);
}
