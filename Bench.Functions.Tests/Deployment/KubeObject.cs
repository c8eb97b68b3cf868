namespace Bench.Functions.Tests.Deployment;

/// <summary>One Kubernetes object read from a manifest, with the file it came from.</summary>
public sealed class KubeObject(string file, Dictionary<string, object?> root)
{
    public string File { get; } = file;

    public Dictionary<string, object?> Root { get; } = root;

    public string? ApiVersion => Yaml.Str(Root, "apiVersion");

    public string? Kind => Yaml.Str(Root, "kind");

    public string? Name => Yaml.Str(Root, "metadata", "name");

    public string? Namespace => Yaml.Str(Root, "metadata", "namespace");

    /// <summary>Kinds from Kubernetes itself (strategic merge applies); others are custom resources (merge patch).</summary>
    public bool IsBuiltIn => ApiVersion is { } v && (v == "v1" || v.StartsWith("apps/", StringComparison.Ordinal)
        || v.StartsWith("batch/", StringComparison.Ordinal) || v.StartsWith("networking.k8s.io/", StringComparison.Ordinal)
        || v.StartsWith("policy/", StringComparison.Ordinal) || v.StartsWith("autoscaling/", StringComparison.Ordinal));

    /// <summary>The pod template of a workload (Deployment, StatefulSet, DaemonSet, Job), or null.</summary>
    public Dictionary<string, object?>? PodSpec => Yaml.MapAt(Root, "spec", "template", "spec");

    public Dictionary<string, string?> PodLabels => Yaml.StringMapAt(Root, "spec", "template", "metadata", "labels");

    public IEnumerable<Dictionary<string, object?>> Containers =>
        Yaml.SeqAt(PodSpec, "containers").Concat(Yaml.SeqAt(PodSpec, "initContainers")).OfType<Dictionary<string, object?>>();

    public override string ToString() => $"{Kind} {Namespace}/{Name} ({Path.GetFileName(File)})";
}
