using Microsoft.AspNetCore.StaticFiles;

namespace Bench.Functions.Functions;

/// <summary>One file of the docs page or the OpenAPI document: its bytes and media type.</summary>
public sealed record ApiDocsFile(string Name, byte[] Content, string ContentType);

/// <summary>
/// The files build/ApiDocs.targets puts in the app folder: <c>openapi.json</c> and <c>docs/*</c>
/// (the page, swagger-ui-dist's bundle and styles). Read once, on first use, and kept in memory (about
/// 2 MB). Only the files directly in docs/ are served, by exact name, so no request reaches another
/// folder and unknown names cost nothing.
/// </summary>
public sealed class ApiDocsFiles
{
    public const string PageName = "index.html";

    /// <summary>A strict policy for the page: scripts and connections only to this origin, no inline script.</summary>
    public const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly Lazy<ApiDocsFile> _document;
    private readonly Lazy<Dictionary<string, ApiDocsFile>> _assets;

    public ApiDocsFiles(string root)
    {
        _document = new(() => File.Exists(Path.Combine(root, "openapi.json"))
            ? Read(Path.Combine(root, "openapi.json"))
            : throw new FileNotFoundException($"openapi.json is missing from {root}: the build copies it there (build/ApiDocs.targets)."));
        _assets = new(() => Directory.Exists(Path.Combine(root, "docs"))
            ? Directory.EnumerateFiles(Path.Combine(root, "docs")).Select(Read).ToDictionary(f => f.Name, StringComparer.Ordinal)
            : throw new DirectoryNotFoundException($"docs/ is missing from {root}: the build copies the docs page there (build/ApiDocs.targets)."));
    }

    /// <summary>The files of the app this process runs (the worker's folder).</summary>
    public static ApiDocsFiles App { get; } = new(AppContext.BaseDirectory);

    /// <summary>The OpenAPI document; a missing file is a broken build, not a client error.</summary>
    public ApiDocsFile Document() => _document.Value;

    /// <summary>A file of the docs page by name (empty: the page itself); null when there is no such file.</summary>
    public ApiDocsFile? Asset(string? name) =>
        _assets.Value.GetValueOrDefault(string.IsNullOrEmpty(name) ? PageName : name);

    private static ApiDocsFile Read(string path)
    {
        var name = Path.GetFileName(path);
        return new ApiDocsFile(name, File.ReadAllBytes(path), ContentTypeOf(name));
    }

    private static string ContentTypeOf(string name)
    {
        var type = ContentTypes.TryGetContentType(name, out var known) ? known : "application/octet-stream";
        return type.StartsWith("text/", StringComparison.Ordinal) || type == "application/json" ? type + "; charset=utf-8" : type;
    }
}
