namespace Bench.Functions.Options;

/// <summary>
/// An S3 endpoint given either as host:port (like the Python minio client, scheme from MINIO_SECURE)
/// or as a full http(s) URL.
/// </summary>
internal static class S3Endpoint
{
    /// <summary>Parses <paramref name="value"/>; returns null and an error naming <paramref name="variable"/> when it is not an endpoint.</summary>
    public static Uri? Parse(string variable, string value, bool secure, out string? error)
    {
        error = null;
        var text = value.Contains("://", StringComparison.Ordinal) ? value : (secure ? "https://" : "http://") + value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath != "/"
            || uri.Query.Length != 0
            || uri.UserInfo.Length != 0)
        {
            error = $"{variable} must be host:port or an http(s) URL with no path (got '{value}').";
            return null;
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }
}
