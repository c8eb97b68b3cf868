using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bench.Functions.Report;

/// <summary>
/// One self-contained HTML page per Slurm job: the dashboard's job page (web/src/report.js, embedded in
/// this assembly by build/Web.targets) with its script and style inlined and the job's figures and
/// downsampled series in a <c>&lt;script type="application/json"&gt;</c> block. Its Content-Security-Policy
/// allows only those two inline blocks (by hash) and no network at all.
/// </summary>
internal static partial class HtmlReport
{
    private static readonly Lazy<string> Script = new(() => Escape(Resource("Bench.Report.report.js"), ScriptEnd()));
    private static readonly Lazy<string> Style = new(() => Escape(Resource("Bench.Report.report.css"), StyleEnd()));
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The page for <paramref name="job"/> (an <c>analyze --json</c> job object) and its series.</summary>
    public static string Render(JsonObject job, ReportSeries? series, DateTimeOffset generatedAt)
    {
        var data = new JsonObject
        {
            ["generated_at"] = generatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
            ["job"] = job,
            ["series"] = series is null ? null : JsonSerializer.SerializeToNode(series),
        };

        // The default encoder escapes <, > and &, so the JSON cannot close its script element.
        var json = data.ToJsonString(Compact);
        var title = $"Bench report: Slurm job {(string?)job["slurm_job_id"] ?? (string?)job["id"] ?? string.Empty}";
        var csp = $"default-src 'none'; script-src '{Hash(Script.Value)}'; style-src '{Hash(Style.Value)}'; img-src data: blob:";
        var html = new StringBuilder(json.Length + Script.Value.Length + Style.Value.Length + 1024);
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(csp).Append("\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(System.Net.WebUtility.HtmlEncode(title)).Append("</title>\n")
            .Append("<style>").Append(Style.Value).Append("</style>\n</head>\n<body>\n")
            .Append("<noscript>This report draws its plots with JavaScript; the figures are in the bench-job block of this file.</noscript>\n")
            .Append("<script type=\"application/json\" id=\"bench-job\">").Append(json).Append("</script>\n")
            .Append("<script>").Append(Script.Value).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));

    // An inlined bundle must not end its own element early.
    private static string Escape(string text, Regex end) => end.Replace(text, m => "<\\/" + m.Value[2..]);

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the report page ({name}) is not embedded in Bench.Functions: build it with Node.js available (build/Web.targets)");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("</script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptEnd();

    [GeneratedRegex("</style", RegexOptions.IgnoreCase)]
    private static partial Regex StyleEnd();
}
