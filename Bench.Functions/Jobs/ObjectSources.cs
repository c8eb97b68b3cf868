namespace Bench.Functions.Jobs;

/// <summary>
/// Which objects are analysed and whose they are. Keys are <c>[prefix/]username/name</c>; only keys
/// ending in <c>.h5</c> (profiles) or <c>.csv</c> (performance counters), any case, with a username
/// segment and a name count. Shared by the webhook and
/// the rescan so both pick exactly the same objects.
/// </summary>
internal static class ObjectSources
{
    /// <summary>The <c>job_summaries.source</c> of an object: <c>s3://bucket/key</c>.</summary>
    public static string Of(string bucket, string key) => $"s3://{bucket}/{key}";

    /// <summary>The object's file name: the key's last segment.</summary>
    public static string FileName(string key) => key[(key.LastIndexOf('/') + 1)..];

    /// <summary>
    /// The owner (the first segment after <paramref name="objectPrefix"/>) of an analysable key, or null
    /// with the reason the key is not one.
    /// </summary>
    public static string? OwnerOf(string key, string objectPrefix, out string? reason)
    {
        reason = null;
        var rest = key;
        if (objectPrefix.Length > 0)
        {
            if (!key.StartsWith(objectPrefix + "/", StringComparison.Ordinal))
            {
                reason = $"not under the prefix '{objectPrefix}/'";
                return null;
            }

            rest = key[(objectPrefix.Length + 1)..];
        }

        if (UploadKinds.Of(key) is null)
        {
            reason = "not an .h5 or .csv file";
            return null;
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            reason = "no username segment before the file name";
            return null;
        }

        return rest[..slash];
    }

    /// <summary>The key's file name made safe as a local file name, kept because the pipeline reads the Slurm job and step from names like 77_batch_cn001.h5.</summary>
    public static string LocalFileName(string key)
    {
        var name = FileName(key);
        var invalid = Path.GetInvalidFileNameChars();
        name = new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
        return name is "" or "." or ".." ? "object" + Path.GetExtension(key) : name;
    }

    /// <summary>ETags without the quotes S3 puts around them (MinIO's events send them bare).</summary>
    public static string NormalizeETag(string etag) => etag.Trim().Trim('"');
}
