using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// keda/'s kustomizations built by the real thing, <c>kubectl kustomize</c> (kustomize 5.5 in kubectl
/// 1.32), so the checks see exactly what <c>kubectl apply -k</c> would send. Each directory is built
/// once per test run; every call parses a fresh copy the caller may change.
/// </summary>
public static class KubectlKustomize
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new(StringComparer.Ordinal);

    private static readonly Lazy<string?> Missing = new(FindMissing);

    /// <summary>Why kubectl cannot build here, or null when it can.</summary>
    public static string? Unavailable => Missing.Value;

    /// <summary>The objects <c>kubectl kustomize <paramref name="directory"/></c> prints.</summary>
    public static List<KubeObject> Build(string directory)
    {
        var full = Path.GetFullPath(directory);
        var yaml = Built.GetOrAdd(full, d => new Lazy<string>(() => Run(d))).Value;
        return Yaml.Parse(yaml, $"kubectl kustomize {full}")
            .Select(d => new KubeObject(full, d as Dictionary<string, object?>
                ?? throw new InvalidDataException($"kubectl kustomize {full}: a document is not a mapping")))
            .ToList();
    }

    /// <summary>The Kubernetes objects of one manifest file, as committed (no kustomization applied).</summary>
    public static IEnumerable<KubeObject> Load(string path) =>
        Yaml.LoadAll(path).Select(d => new KubeObject(path, d as Dictionary<string, object?>
            ?? throw new InvalidDataException($"{path}: a document is not a mapping")));

    private static string Run(string directory)
    {
        if (Unavailable is { } why)
        {
            throw new InvalidOperationException(why);
        }

        var (exit, stdout, stderr) = Kubectl("kustomize", directory);
        return exit == 0
            ? stdout
            : throw new InvalidDataException($"kubectl kustomize {directory} failed (exit {exit}): {stderr.Trim()}");
    }

    private static string? FindMissing()
    {
        try
        {
            var (exit, _, stderr) = Kubectl("version", "--client");
            return exit == 0 ? null : $"kubectl version --client failed (exit {exit}): {stderr.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "kubectl is not on PATH: the keda/ manifest checks build the overlays with `kubectl kustomize` (kubectl 1.32+, kustomize 5.5); install kubectl to run them.";
        }
    }

    private static (int Exit, string Stdout, string Stderr) Kubectl(params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // No cluster is needed or wanted: kustomize is client-side.
        start.Environment["KUBECONFIG"] = "/dev/null";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }
}

/// <summary>A fact about keda/'s built manifests: skipped, saying why, where kubectl is not installed.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (KubectlKustomize.Unavailable is { } why)
        {
            Skip = why;
        }
    }
}

/// <summary>A theory about keda/'s built manifests: skipped, saying why, where kubectl is not installed.</summary>
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute()
    {
        if (KubectlKustomize.Unavailable is { } why)
        {
            Skip = why;
        }
    }
}
