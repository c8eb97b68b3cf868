using System.Text.RegularExpressions;

namespace Bench.Functions.Tests.Report;

/// <summary>What build/Web.targets puts in the output: the dashboard under ui/, its assets content-hashed, nothing inline.</summary>
public sealed partial class WebBuildOutputTests
{
    private static readonly string Ui = Path.Combine(AppContext.BaseDirectory, "ui");

    [Fact]
    public void TheWebDashboardIndexLoadsHashedAssetsThatExistAndNothingInline()
    {
        var index = File.ReadAllText(Path.Combine(Ui, "index.html"));

        var script = Assert.Single(ScriptSrc().Matches(index)).Groups[1].Value;
        var style = Assert.Single(StyleHref().Matches(index)).Groups[1].Value;
        Assert.Matches(@"^app\.[A-Z0-9]{8}\.js$", script);
        Assert.Matches(@"^app\.[A-Z0-9]{8}\.css$", style);
        Assert.True(File.Exists(Path.Combine(Ui, script)), script);
        Assert.True(File.Exists(Path.Combine(Ui, style)), style);
        Assert.DoesNotMatch("<script(?![^>]*src=)", index);
        Assert.DoesNotContain("<style", index);
        Assert.DoesNotContain("style=", index);
    }

    [Fact]
    public void TheWebDashboardsOwnCodeIsUnder300Kilobytes()
    {
        // The page's own code: index.html and the two assets it loads (older hashed builds may sit beside them).
        var index = File.ReadAllText(Path.Combine(Ui, "index.html"));
        string[] files = ["index.html", ScriptSrc().Match(index).Groups[1].Value, StyleHref().Match(index).Groups[1].Value];
        var bytes = files.Sum(f => new FileInfo(Path.Combine(Ui, f)).Length);

        Assert.InRange(bytes, 10_000, 300 * 1024);
    }

    [GeneratedRegex("<script src=\"/ui/([^\"]+)\"")]
    private static partial Regex ScriptSrc();

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"/ui/([^\"]+)\"")]
    private static partial Regex StyleHref();
}
