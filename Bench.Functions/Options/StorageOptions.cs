namespace Bench.Functions.Options;

/// <summary>Object storage (MinIO or any SigV4 S3): the MINIO_* settings and BENCH_S3_* / BENCH_PRESIGN_*.</summary>
internal sealed class StorageOptions : IBenchOptions
{
    private readonly List<string> _errors = [];

    /// <summary>Where server-side calls go: MINIO_ADMIN_ENDPOINT, else MINIO_ENDPOINT.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>The host presigned URLs are signed for: MINIO_PUBLIC_ENDPOINT, else MINIO_ENDPOINT.</summary>
    public Uri? PublicUrl { get; set; }

    public string AccessKey { get; set; } = "";
    public string SecretKey { get; set; } = "";
    public string Bucket { get; set; } = "";

    /// <summary>Keys are <c>[prefix/]username/name</c>; empty means no prefix.</summary>
    public string ObjectPrefix { get; set; } = "";

    public string Region { get; set; } = "us-east-1";
    public TimeSpan PresignExpiry { get; set; } = TimeSpan.FromHours(1);
    public bool CreateBucket { get; set; }
    /// <summary>Keys per S3 request when a listing streams every object (BENCH_LIST_PAGE_SIZE; S3 gives at most 1000).</summary>
    public int ListPageSize { get; set; } = 1_000;
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public void Read(SettingReader settings)
    {
        var secure = settings.Bool("MINIO_SECURE", false);
        var endpoint = settings.String("MINIO_ENDPOINT");
        var admin = settings.String("MINIO_ADMIN_ENDPOINT");
        var publicEndpoint = settings.String("MINIO_PUBLIC_ENDPOINT");
        if (endpoint is null)
        {
            _errors.Add("MINIO_ENDPOINT is not set: object storage needs it (host:port or an http(s) URL).");
        }
        else
        {
            ServiceUrl = Endpoint(admin is null ? "MINIO_ENDPOINT" : "MINIO_ADMIN_ENDPOINT", admin ?? endpoint, secure);
            PublicUrl = Endpoint(publicEndpoint is null ? "MINIO_ENDPOINT" : "MINIO_PUBLIC_ENDPOINT", publicEndpoint ?? endpoint, secure);
        }

        AccessKey = settings.String("MINIO_ACCESS_KEY") ?? "";
        SecretKey = settings.Secret("MINIO_SECRET_KEY") ?? "";
        Bucket = settings.String("MINIO_BUCKET") ?? "";
        ObjectPrefix = (settings.String("MINIO_OBJECT_PREFIX") ?? "").Trim('/');
        Region = settings.String("BENCH_S3_REGION") ?? Region;
        PresignExpiry = TimeSpan.FromSeconds(settings.Int("BENCH_PRESIGN_EXPIRY_SECONDS", 3_600, 1, 604_800));
        CreateBucket = settings.Bool("BENCH_CREATE_BUCKET", false);
        ListPageSize = settings.Int("BENCH_LIST_PAGE_SIZE", ListPageSize, 1, 1_000);
        RequestTimeout = TimeSpan.FromSeconds(settings.Int("BENCH_S3_TIMEOUT_SECONDS", 10, 1, 600));
    }

    public IEnumerable<string> Validate()
    {
        foreach (var error in _errors)
        {
            yield return error;
        }

        if (AccessKey.Length == 0)
        {
            yield return "MINIO_ACCESS_KEY is not set: object storage needs it.";
        }

        if (SecretKey.Length == 0)
        {
            yield return "MINIO_SECRET_KEY is not set: object storage needs it and it has no default.";
        }

        if (Bucket.Length == 0)
        {
            yield return "MINIO_BUCKET is not set: object storage needs the bucket name.";
        }

        if (ObjectPrefix.Contains("..", StringComparison.Ordinal))
        {
            yield return $"MINIO_OBJECT_PREFIX must not contain '..' (got '{ObjectPrefix}').";
        }
    }

    private Uri? Endpoint(string variable, string value, bool secure)
    {
        var uri = S3Endpoint.Parse(variable, value, secure, out var error);
        if (error is not null)
        {
            _errors.Add(error);
        }

        return uri;
    }
}
