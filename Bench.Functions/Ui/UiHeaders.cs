namespace Bench.Functions.Ui;

/// <summary>The security and caching headers every dashboard response carries.</summary>
internal static class UiHeaders
{
    /// <summary>Hashed names change with their content, so a browser may keep them for a year without asking.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>The page itself is revalidated on every load (a 304 when unchanged), so a deployment shows up at once.</summary>
    public const string Revalidate = "no-cache";

    /// <summary>
    /// Scripts, styles and fonts from this origin only, never inline; the page talks to this origin and
    /// to the S3 endpoint presigned URLs point at (the browser PUTs uploads there).
    /// </summary>
    public static string ContentSecurityPolicy(Uri? s3PublicEndpoint)
    {
        var s3 = s3PublicEndpoint is null ? "" : " " + s3PublicEndpoint.GetLeftPart(UriPartial.Authority);
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
            $"connect-src 'self'{s3}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    public static void Apply(IHeaderDictionary headers, string policy)
    {
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        // Dashboard URLs name jobs; other origins (the S3 endpoint included) need not see them.
        headers["Referrer-Policy"] = "no-referrer";
    }
}
