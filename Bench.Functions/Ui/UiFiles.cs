using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;

namespace Bench.Functions.Ui;

/// <summary>One file of the dashboard: its bytes, media type, strong ETag (content hash) and whether its name carries a content hash.</summary>
internal sealed record UiFile(string Path, byte[] Content, string ContentType, string ETag, bool Hashed);

/// <summary>What a request path under <c>/ui/</c> is.</summary>
internal enum UiMatch
{
    /// <summary>A file of the build.</summary>
    File,

    /// <summary>No such file and not an asset name: a client route, answered with index.html.</summary>
    ClientRoute,

    /// <summary>An asset name that is not in the build, or a path that could leave the folder.</summary>
    NotFound,

    /// <summary>The folder has no index.html: the dashboard was not built into this app.</summary>
    NotBuilt,
}

/// <summary>
/// The dashboard's build output (web's <c>dist/ui/</c>, copied to <c>&lt;app&gt;/ui/</c>), read once on
/// first use and kept in memory (tens of KB). Requests are looked up by exact relative path in what
/// was read, so no request reaches outside the folder; paths that try to are refused before that.
/// </summary>
internal sealed partial class UiFiles
{
    public const string IndexName = "index.html";

    private static readonly FileExtensionContentTypeProvider ContentTypes = NewContentTypes();
    private readonly Lazy<Dictionary<string, UiFile>?> _files;

    public UiFiles(string root)
    {
        Root = root;
        _files = new(() => Read(root));
    }

    public string Root { get; }

    /// <summary>index.html, or null when the dashboard is not built.</summary>
    public UiFile? Index => _files.Value?.GetValueOrDefault(IndexName);

    /// <summary>Classifies a path relative to <c>/ui/</c> (empty: the page itself) and finds its file.</summary>
    public (UiMatch Match, UiFile? File) Find(string? path)
    {
        var files = _files.Value;
        if (files is null)
        {
            return (UiMatch.NotBuilt, null);
        }

        if (string.IsNullOrEmpty(path))
        {
            return (UiMatch.File, files[IndexName]);
        }

        if (!IsSafe(path))
        {
            return (UiMatch.NotFound, null);
        }

        if (files.TryGetValue(path, out var file))
        {
            return (UiMatch.File, file);
        }

        // Names with an extension are files the page asked for: a missing one is a 404, not the page.
        return path[(path.LastIndexOf('/') + 1)..].Contains('.') ? (UiMatch.NotFound, null) : (UiMatch.ClientRoute, files[IndexName]);
    }

    /// <summary>
    /// Relative segments of URL-safe characters only: no leading slash, no empty, <c>.</c> or <c>..</c>
    /// segment, no backslash, colon or percent (an encoded slash or a double encoding).
    /// </summary>
    public static bool IsSafe(string path) =>
        path.Length <= 512 && SafePath().IsMatch(path) && path.Split('/').All(s => s is not ("" or "." or ".."));

    /// <summary><c>name.HASH.ext</c> with a hash of 8 or more letters and digits, as esbuild names its output.</summary>
    public static bool IsHashedName(string path) => HashedName().IsMatch(path[(path.LastIndexOf('/') + 1)..]);

    private static Dictionary<string, UiFile>? Read(string root)
    {
        if (!File.Exists(Path.Combine(root, IndexName)))
        {
            return null;
        }

        var files = new Dictionary<string, UiFile>(StringComparer.Ordinal);
        foreach (var info in new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
            // Links could point anywhere; the build writes plain files.
            if (info.LinkTarget is null && IsSafe(relative))
            {
                var content = File.ReadAllBytes(info.FullName);
                files[relative] = new UiFile(relative, content, ContentTypeOf(relative), ETagOf(content), relative != IndexName && IsHashedName(relative));
            }
        }

        return files;
    }

    private static string ETagOf(byte[] content) =>
        "\"" + Convert.ToBase64String(SHA256.HashData(content).AsSpan(0, 18)).Replace('+', '-').Replace('/', '_') + "\"";

    private static string ContentTypeOf(string name)
    {
        var type = ContentTypes.TryGetContentType(name, out var known) ? known : "application/octet-stream";
        return type.StartsWith("text/", StringComparison.Ordinal) || type is "application/json" or "image/svg+xml" or "application/manifest+json"
            ? type + "; charset=utf-8"
            : type;
    }

    private static FileExtensionContentTypeProvider NewContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".js"] = "text/javascript";
        provider.Mappings[".mjs"] = "text/javascript";
        provider.Mappings[".map"] = "application/json";
        return provider;
    }

    [GeneratedRegex("^[A-Za-z0-9._~@+/-]+$")]
    private static partial Regex SafePath();

    [GeneratedRegex(@"^[^.]+(\.[^.]+)*\.[A-Za-z0-9]{8,}\.[A-Za-z0-9]+$")]
    private static partial Regex HashedName();
}
