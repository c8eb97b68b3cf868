using Bench.Functions.Tests.Hdf5;

namespace Bench.Functions.Tests.Ui;

/// <summary>
/// A tiny dashboard build the tests control (served instead of web's real build through
/// BENCH_UI_DIRECTORY): a page with a hashed script and style, a page that tries what the CSP must
/// block, and a probe script. Names and bytes are fixed so tests can compute ETags and types by hand.
/// </summary>
public sealed class UiFixtureDist : IDisposable
{
    public const string Script = "app.EFGH6789.js";
    public const string Style = "app.ABCD2345.css";
    public const string ScriptText = "document.querySelector('[data-testid=fixture-root]').textContent = 'script ran';\n";
    public const string StyleText = "main { color: rgb(0, 114, 178); }\n";

    public const string IndexHtml = $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>fixture</title>
        <link rel="stylesheet" href="{Style}"><script type="module" src="{Script}"></script></head>
        <body><main data-testid="fixture-root">loading</main></body></html>
        """;

    /// <summary>An inline script, an inline style and a script from another origin: each one a violation; probe.js runs.</summary>
    public const string AttackHtml = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>attack</title>
        <script>document.title = 'inline script ran';</script>
        <script src="https://cdn.example.com/lib.js"></script>
        <style>body { background: red; }</style>
        <script src="probe.js"></script></head>
        <body><p data-testid="probe">waiting</p></body></html>
        """;

    /// <summary>Marks that files from this origin run.</summary>
    public const string ProbeScript = "document.addEventListener('DOMContentLoaded', () => { document.querySelector('[data-testid=probe]').textContent = 'probe ran'; });\n";

    private readonly TempDirectory _root = new();

    public UiFixtureDist()
    {
        Directory = Path.Combine(_root.Path, "ui");
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "fonts"));
        Write("index.html", IndexHtml);
        Write(Script, ScriptText);
        Write(Style, StyleText);
        Write("attack.html", AttackHtml);
        Write("probe.js", ProbeScript);
        Write("fonts/inter.KLMN2345.woff2", "wOF2-not-really");
        // Beside the folder, never served.
        File.WriteAllText(Path.Combine(_root.Path, "secret.txt"), "not for the web");
    }

    /// <summary>The folder to serve (BENCH_UI_DIRECTORY).</summary>
    public string Directory { get; }

    public void Dispose() => _root.Dispose();

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(Directory, name), text);
}
