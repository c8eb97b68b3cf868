using System.Net;
using System.Text.RegularExpressions;
using Bench.Functions.Functions;
using Bench.Functions.Tests.Hdf5;
using Bench.Functions.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Bench.Functions.Tests.Contract;

/// <summary>The docs page: bundled viewer files, right media types, a strict CSP, nothing outside docs/.</summary>
public sealed partial class DocsPageTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly DocsFunctions _functions;

    public DocsPageTests()
    {
        Directory.CreateDirectory(Path.Combine(_root.Path, "docs"));
        File.WriteAllText(Path.Combine(_root.Path, "openapi.json"), """{"openapi":"3.1.1"}""");
        File.WriteAllText(Path.Combine(_root.Path, "docs", "index.html"), "<!DOCTYPE html><title>t</title>");
        File.WriteAllText(Path.Combine(_root.Path, "docs", "app.js"), "1;");
        File.WriteAllText(Path.Combine(_root.Path, "secret.txt"), "not for the web");
        _functions = new DocsFunctions(new ApiDocsFiles(_root.Path));
    }

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("", "text/html; charset=utf-8")]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("app.js", "text/javascript; charset=utf-8")]
    public void PageFilesComeWithTheirMediaType(string path, string contentType)
    {
        var (result, _) = Get(path.Length == 0 ? "/docs" : "/docs/" + path, path);

        var file = Assert.IsType<FileContentResult>(result);
        Assert.Equal(contentType, file.ContentType);
    }

    [Fact]
    public void ThePageHasAStrictPolicyWithoutInlineScript()
    {
        var (_, response) = Get("/docs", null);

        var policy = response.Headers.ContentSecurityPolicy.ToString();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline'; img", policy.Split("script-src")[1].Split(';')[0], StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("..")]
    [InlineData("%2e%2e/secret.txt")]
    [InlineData("sub/app.js")]
    [InlineData("missing.js")]
    public void NothingOutsideTheDocsFolderIsServed(string path)
    {
        var (result, _) = Get("/docs/" + path, path);

        var problem = Assert.IsType<ObjectResult>(result);
        Assert.Equal(404, problem.StatusCode);
        Assert.Contains("application/problem+json", problem.ContentTypes);
        Assert.Contains(path, Assert.IsType<ProblemDetails>(problem.Value).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFolderFormRedirectsToThePageSoRelativeLinksResolve()
    {
        var (result, _) = Get("/docs/", null);

        Assert.Equal("../docs", Assert.IsType<RedirectResult>(result).Url);
    }

    [Fact]
    public void TheDocumentIsServedAsJson()
    {
        var context = new DefaultHttpContext();
        var file = Assert.IsType<FileContentResult>(_functions.OpenApiDocument(context.Request));

        Assert.Equal("application/json; charset=utf-8", file.ContentType);
        Assert.Equal("""{"openapi":"3.1.1"}""", System.Text.Encoding.UTF8.GetString(file.FileContents));
    }

    [Fact]
    public void EveryFileThePageLoadsIsBundledInTheBuildOutput()
    {
        // The test output gets the app's docs/ folder through the project reference, as the worker's does.
        var docs = Path.Combine(AppContext.BaseDirectory, "docs");
        var html = File.ReadAllText(Path.Combine(docs, "index.html"));
        var references = Reference().Matches(html).Select(m => m.Groups["url"].Value).ToList();

        Assert.Contains("docs/swagger-ui-bundle.js", references);
        Assert.Contains("openapi/v1.json", references);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotMatch(@"<script>|<script\s+(?![^>]*\bsrc=)", html);
        foreach (var reference in references.Where(r => r.StartsWith("docs/", StringComparison.Ordinal)))
        {
            Assert.True(File.Exists(Path.Combine(docs, reference["docs/".Length..])), $"{reference} is referenced by index.html but not bundled in {docs}");
        }

        // swagger-ui-dist's bundle, not a hand-written page, and its licence next to it.
        Assert.True(new FileInfo(Path.Combine(docs, "swagger-ui-bundle.js")).Length > 500_000);
        Assert.Contains("Apache License", File.ReadAllText(Path.Combine(docs, "swagger-ui-LICENSE.txt")), StringComparison.Ordinal);
    }

    private (IActionResult Result, HttpResponse Response) Get(string requestPath, string? path)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = requestPath;
        return (_functions.Page(context.Request, path), context.Response);
    }

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex Reference();
}
