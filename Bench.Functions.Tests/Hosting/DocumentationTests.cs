using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bench.Functions.Tests.Hosting;

/// <summary>The sample settings, the configuration docs and the .http files keep up with the code.</summary>
public sealed partial class DocumentationTests
{
    [Fact]
    public void EverySettingTheAppReadsIsInTheSampleSettingsTheReadmeAndTheConfigurationDocs()
    {
        var names = Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "Bench.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => SettingName().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("JWT_SECRET", names);
        Assert.Contains("BENCH_PRESIGN_EXPIRY_SECONDS", names);

        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var docs = File.ReadAllText(Path.Combine(RepoFiles.Root, "docs", "configuration.md"));
        var readme = File.ReadAllText(Path.Combine(RepoFiles.Root, "README.md"));
        foreach (var name in names)
        {
            Assert.True(values.Contains(name), $"{name} is missing from local.settings.sample.json");
        }

        foreach (var name in names)
        {
            Assert.True(docs.Contains($"`{name}`", StringComparison.Ordinal), $"{name} is missing from docs/configuration.md");
            Assert.True(readme.Contains($"`{name}`", StringComparison.Ordinal), $"{name} is missing from README.md");
        }

        // No secret has a value in the sample.
        foreach (var secret in new[] { "JWT_SECRET", "POSTGRES_PASSWORD", "MINIO_SECRET_KEY", "MINIO_ACCESS_KEY", "MINIO_WEBHOOK_TOKEN", "RabbitMQConnection" })
        {
            Assert.Equal("", sample.RootElement.GetProperty("Values").GetProperty(secret).GetString());
        }
    }

    [Fact]
    public void EveryFunctionRouteHasARequestInTheHttpFiles()
    {
        var requests = Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "http"), "*.http")
            .SelectMany(File.ReadAllLines)
            .Select(line => HttpRequestLine().Match(line))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value))
            .ToHashSet();

        // The worker's own route table (functions.metadata), so a new function without a request fails here.
        // The catch-all Fallback answers every other path and method; health.http shows it once.
        Assert.Contains(requests, r => r == ("GET", "/no-such-path"));
        foreach (var function in FunctionsMetadata.Read().Where(f => f.Trigger.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase) && !f.Route!.StartsWith("{*", StringComparison.Ordinal)))
        {
            // Route parameters ({id}) match any value in the .http file ({{job_id}}, a literal id).
            var path = "/" + Regex.Replace(function.Route!, @"\{[a-z]+:maxlength\(0\)\?\}", "");
            // A catch-all ({*path}) matches the rest of the path, the empty rest included (/docs).
            var escaped = Regex.Replace(Regex.Escape(path), @"/\\\{\\\*[a-z]+}", "(/.*)?");
            var pattern = new Regex("^" + Regex.Replace(escaped, @"\\\{[a-z]+}", "[^/]+") + "$");
            foreach (var method in function.Methods)
            {
                Assert.True(requests.Any(r => r.Item1 == method && pattern.IsMatch(r.Item2)), $"no {method} {path} in http/*.http ({function.Name})");
            }
        }
    }

    [GeneratedRegex("\"((?:BENCH|MINIO|POSTGRES|JWT|LOG|FUNCTIONS)_[A-Z0-9_]+)\"")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"^(GET|HEAD|POST|PUT|DELETE) \{\{host\}\}(/[^?\s]*)")]
    private static partial Regex HttpRequestLine();
}
