using System.Security.Cryptography;
using System.Text;
using Bench.Functions.Tests.Hdf5;
using Bench.Functions.Ui;

namespace Bench.Functions.Tests.Ui;

/// <summary>Which request paths name which dashboard file, which are client routes, and which are refused.</summary>
public sealed class UiFilesTests : IDisposable
{
    private readonly UiFixtureDist _dist = new();
    private readonly UiFiles _files;

    public UiFilesTests() => _files = new UiFiles(_dist.Directory);

    public void Dispose() => _dist.Dispose();

    [Theory]
    [InlineData("app.js")]
    [InlineData("fonts/inter.KLMN2345.woff2")]
    [InlineData("jobs")]
    [InlineData("a-b_c~d@e+f.g")]
    public void PlainRelativePathsAreSafe(string path) => Assert.True(UiFiles.IsSafe(path));

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("fonts/../../secret.txt")]
    [InlineData("./index.html")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("fonts//inter.KLMN2345.woff2")]
    [InlineData("fonts%2Finter.KLMN2345.woff2")]
    [InlineData("%2e%2e/secret.txt")]
    [InlineData("fonts\\inter.KLMN2345.woff2")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("jobs/")]
    public void PathsThatCouldLeaveTheFolderAreRefused(string path)
    {
        Assert.False(UiFiles.IsSafe(path));
        Assert.Equal(UiMatch.NotFound, _files.Find(path).Match);
    }

    [Theory]
    [InlineData("app.TACQZAAG.js", true)]
    [InlineData("app.UYMKM3HH.css", true)]
    [InlineData("fonts/inter.KLMN2345.woff2", true)]
    [InlineData("chunk.1a2b3c4d5e6f.js", true)]
    [InlineData("index.html", false)]
    [InlineData("uPlot.min.css", false)]
    [InlineData("probe.js", false)]
    [InlineData("manifest.webmanifest", false)]
    [InlineData("app.ABC123.js", false)]
    public void NamesWithAContentHashAreRecognised(string name, bool hashed) => Assert.Equal(hashed, UiFiles.IsHashedName(name));

    [Theory]
    [InlineData("", "index.html", "text/html; charset=utf-8", false)]
    [InlineData("index.html", "index.html", "text/html; charset=utf-8", false)]
    [InlineData(UiFixtureDist.Script, UiFixtureDist.Script, "text/javascript; charset=utf-8", true)]
    [InlineData(UiFixtureDist.Style, UiFixtureDist.Style, "text/css; charset=utf-8", true)]
    [InlineData("fonts/inter.KLMN2345.woff2", "fonts/inter.KLMN2345.woff2", "font/woff2", true)]
    [InlineData("probe.js", "probe.js", "text/javascript; charset=utf-8", false)]
    public void FilesOfTheBuildComeWithTheirTypeHashAndETag(string path, string file, string contentType, bool hashed)
    {
        var (match, found) = _files.Find(path);

        Assert.Equal(UiMatch.File, match);
        var bytes = File.ReadAllBytes(Path.Combine(_dist.Directory, file));
        Assert.Equal(bytes, found!.Content);
        Assert.Equal(contentType, found.ContentType);
        Assert.Equal(hashed, found.Hashed);
        // Strong: quoted, no W/ prefix; the first 18 bytes of SHA-256, base64url.
        var expected = "\"" + Convert.ToBase64String(SHA256.HashData(bytes)[..18]).Replace('+', '-').Replace('/', '_') + "\"";
        Assert.Equal(expected, found.ETag);
    }

    [Theory]
    [InlineData("jobs")]
    [InlineData("jobs/9799476")]
    [InlineData("benchmarks/flops")]
    public void UnknownPathsWithoutAnExtensionAreClientRoutesAnsweredWithThePage(string path)
    {
        var (match, file) = _files.Find(path);

        Assert.Equal(UiMatch.ClientRoute, match);
        Assert.Equal(Encoding.UTF8.GetBytes(UiFixtureDist.IndexHtml), file!.Content);
    }

    [Theory]
    [InlineData("app.00000000.js")]
    [InlineData("secret.txt")]
    [InlineData("fonts/missing.woff2")]
    public void AMissingAssetIsNotFoundRatherThanThePage(string path) =>
        Assert.Equal((UiMatch.NotFound, (UiFile?)null), _files.Find(path));

    [Fact]
    public void AFolderWithoutIndexHtmlIsNotBuilt()
    {
        using var empty = new TempDirectory();
        File.WriteAllText(Path.Combine(empty.Path, "app.EFGH6789.js"), "1;");
        var files = new UiFiles(empty.Path);

        Assert.Equal(UiMatch.NotBuilt, files.Find("").Match);
        Assert.Equal(UiMatch.NotBuilt, files.Find("app.EFGH6789.js").Match);
        Assert.Equal(UiMatch.NotBuilt, new UiFiles(Path.Combine(empty.Path, "nope")).Find("").Match);
    }
}
