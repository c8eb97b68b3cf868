using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;

namespace Bench.Functions.Functions;

/// <summary>One file of the docs page or the OpenAPI document: its bytes and media type.</summary>
public sealed record ApiDocsFile(string Name, byte[] Content, string ContentType);

/// <summary>
/// The files build/ApiDocs.targets puts in the app folder: <c>openapi.json</c> and <c>docs/*</c>
/// (the page, swagger-ui-dist's bundle and styles). Read once, kept in memory: a few MB at most.
/// Only plain file names directly in docs/ are served, so no request reaches another folder.
/// </summary>
public sealed partial class ApiDocsFiles(string root)
{
    public const string PageName = "index.html";

    /// <summary>A strict policy for the page: scripts and connections only to this origin, no inline script.</summary>
    public const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly ConcurrentDictionary<string, ApiDocsFile?> _cache = new(StringComparer.Ordinal);

    /// <summary>The files of the app this process runs (the worker's folder).</summary>
    public static ApiDocsFiles App { get; } = new(AppContext.BaseDirectory);

    /// <summary>The OpenAPI document; a missing file is a broken build, not a client error.</summary>
    public ApiDocsFile Document() =>
        Read("openapi.json", Path.Combine(root, "openapi.json"))
        ?? throw new FileNotFoundException($"openapi.json is missing from {root}: the build copies it there (build/ApiDocs.targets).");

    /// <summary>A file of the docs page by name (empty: the page itself); null when there is no such file.</summary>
    public ApiDocsFile? Asset(string? name)
    {
        name = string.IsNullOrEmpty(name) ? PageName : name;
        return SafeName().IsMatch(name) && name is not ("." or "..")
            ? Read(name, Path.Combine(root, "docs", name))
            : null;
    }

    private ApiDocsFile? Read(string name, string path) =>
        _cache.GetOrAdd(path, p => File.Exists(p) ? new ApiDocsFile(name, File.ReadAllBytes(p), ContentTypeOf(name)) : null);

    private static string ContentTypeOf(string name)
    {
        var type = ContentTypes.TryGetContentType(name, out var known) ? known : "application/octet-stream";
        return type.StartsWith("text/", StringComparison.Ordinal) || type == "application/json" ? type + "; charset=utf-8" : type;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex SafeName();
}
