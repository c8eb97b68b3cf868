using System.Diagnostics;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Deployment;

/// <summary>The deployment files of the repository (keda/), loaded the way the cluster would get them.</summary>
public static class Keda
{
    public static string Dir { get; } = Path.Combine(RepoFiles.Root, "keda");

    public static string DevOverlayDir => Path.Combine(Dir, "overlays", "dev");

    public static string StorageDir => Path.Combine(Dir, "storage");

    /// <summary><c>kubectl apply -k keda/overlays/dev</c>: namespace bench. A fresh copy per call.</summary>
    public static List<KubeObject> Dev() => KubectlKustomize.Build(DevOverlayDir);

    /// <summary><c>kubectl apply -k keda/storage</c>: the MinIO wiring Job.</summary>
    public static List<KubeObject> Storage() => KubectlKustomize.Build(StorageDir);

    /// <summary>The Secret templates with their placeholders, as committed.</summary>
    public static List<KubeObject> SecretTemplates() =>
        Directory.GetFiles(Path.Combine(Dir, "secrets"), "*.template.yaml").Order(StringComparer.Ordinal).SelectMany(KubectlKustomize.Load).ToList();

    /// <summary>A Helm values file of keda/storage/helm.</summary>
    public static Dictionary<string, object?> HelmValues(string chart) =>
        (Dictionary<string, object?>)Yaml.LoadAll(Path.Combine(StorageDir, "helm", chart + ".values.yaml")).Single()!;

    public static IEnumerable<string> YamlFiles() =>
        Directory.EnumerateFiles(Dir, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// The Secrets <c>keda/secrets/create-secrets.sh --print</c> makes (fresh random values), both
    /// namespaces: exactly what the cluster would hold.
    /// </summary>
    public static List<KubeObject> PrintedSecrets()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Dir, "secrets", "create-secrets.sh"), "--print"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"create-secrets.sh --print exited {process.ExitCode}: {stderr}");
        var file = Path.Combine(Path.GetTempPath(), $"bench-secrets-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(file, stdout.Result);
            return KubectlKustomize.Load(file).ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static KubeObject Find(this IEnumerable<KubeObject> objects, string kind, string name, string? ns = null) =>
        objects.SingleOrDefault(o => o.Kind == kind && o.Name == name && (ns is null || o.Namespace == ns))
        ?? throw new InvalidDataException($"no {kind} {ns}/{name} in the manifests");

    /// <summary>A key of a Secret, from stringData (templates and printed secrets use it).</summary>
    public static string SecretValue(this IEnumerable<KubeObject> secrets, string ns, string name, string key) =>
        Yaml.Str(secrets.Find("Secret", name, ns).Root, "stringData", key)
        ?? throw new InvalidDataException($"Secret {ns}/{name} has no key {key}");

    /// <summary>Labels <paramref name="selector"/> asks for are all on <paramref name="labels"/> (an empty selector selects all).</summary>
    public static bool Selects(IReadOnlyDictionary<string, string?> selector, IReadOnlyDictionary<string, string?> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value);

    public static IEnumerable<KubeObject> Workloads(this IEnumerable<KubeObject> objects) =>
        objects.Where(o => o.Kind is "Deployment" or "StatefulSet" or "DaemonSet" or "Job");

    /// <summary>The app container of a Bench workload (the one running the image's entrypoint).</summary>
    public static Dictionary<string, object?> AppContainer(this KubeObject workload) =>
        workload.Containers.Single(c => Yaml.Str(c, "name") == "bench");

    /// <summary>
    /// What a workload runs, from its own settings the way the worker reads them: BENCH_ANALYSIS_CONSUMER
    /// false is the api role; true with every function but the analysis role's disabled
    /// (AzureWebJobs.&lt;Name&gt;.Disabled, names from the worker's functions.metadata) is the analysis role.
    /// </summary>
    public static ServeRole Role(this KubeObject workload)
    {
        var env = Yaml.SeqAt(workload.AppContainer(), "env")
            .Where(e => Yaml.Str(e, "value") is not null)
            .ToDictionary(e => Yaml.Str(e, "name")!, e => Yaml.Str(e, "value")!, StringComparer.Ordinal);
        var consumer = env.GetValueOrDefault("BENCH_ANALYSIS_CONSUMER");
        Assert.True(consumer is "true" or "false", $"{workload}: BENCH_ANALYSIS_CONSUMER is '{consumer}'; each Deployment says true or false");
        var disabled = env.Where(kv => kv.Key.StartsWith("AzureWebJobs.", StringComparison.Ordinal) && kv.Key.EndsWith(".Disabled", StringComparison.Ordinal) && kv.Value == "true")
            .Select(kv => kv.Key["AzureWebJobs.".Length..^".Disabled".Length])
            .Order(StringComparer.Ordinal)
            .ToList();
        if (consumer == "false")
        {
            Assert.True(disabled.Count == 0, $"{workload}: the api role runs every function, but it disables {string.Join(", ", disabled)}");
            return ServeRole.Api;
        }

        var expected = FunctionsMetadata.Read().Select(f => f.Name).Where(n => !ServeRoleSettings.AnalysisFunctions.Contains(n)).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(disabled),
            $"{workload}: the analysis role disables every function but {string.Join(", ", ServeRoleSettings.AnalysisFunctions)}; "
            + $"missing: {string.Join(", ", expected.Except(disabled))}; not a function: {string.Join(", ", disabled.Except(expected))}");
        return ServeRole.Analysis;
    }

    /// <summary>Repository and tag of an image reference (a registry port is not a tag).</summary>
    public static (string Repository, string? Tag) SplitImage(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var withoutDigest = at >= 0 ? image[..at] : image;
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/') ? (withoutDigest[..colon], withoutDigest[(colon + 1)..]) : (withoutDigest, null);
    }
}
