namespace Bench.Functions.Tests.Deployment;

/// <summary>One environment variable of a container and where Kubernetes takes it from.</summary>
public sealed record EnvValue(string Value, string Source, string? SecretName = null, string? SecretKey = null);

/// <summary>
/// The environment Kubernetes gives a container: envFrom sources in order (a later one wins), then
/// env entries (values, configMapKeyRef, secretKeyRef), which win over envFrom. A ConfigMap, Secret
/// or key that does not exist fails, as the pod would fail to start.
/// </summary>
public static class PodEnvironment
{
    public static Dictionary<string, EnvValue> Of(KubeObject workload, Dictionary<string, object?> container, IReadOnlyList<KubeObject> objects, IReadOnlyList<KubeObject> secrets)
    {
        var ns = workload.Namespace;
        var env = new Dictionary<string, EnvValue>(StringComparer.Ordinal);
        foreach (var source in Yaml.SeqAt(container, "envFrom"))
        {
            if (Yaml.Str(source, "configMapRef", "name") is { } configMap)
            {
                foreach (var (key, value) in Yaml.StringMapAt(objects.Find("ConfigMap", configMap, ns).Root, "data"))
                {
                    env[key] = new EnvValue(value ?? "", $"ConfigMap {configMap}");
                }
            }
            else if (Yaml.Str(source, "secretRef", "name") is { } secret)
            {
                foreach (var (key, value) in Yaml.StringMapAt(secrets.Find("Secret", secret, ns).Root, "stringData"))
                {
                    env[key] = new EnvValue(value ?? "", $"Secret {secret}", secret, key);
                }
            }
            else
            {
                throw new InvalidDataException($"{workload}: an envFrom entry is neither configMapRef nor secretRef");
            }
        }

        foreach (var entry in Yaml.SeqAt(container, "env"))
        {
            var name = Yaml.Str(entry, "name") ?? throw new InvalidDataException($"{workload}: an env entry has no name");
            if (Yaml.Str(entry, "valueFrom", "configMapKeyRef", "name") is { } configMap)
            {
                var key = Yaml.Str(entry, "valueFrom", "configMapKeyRef", "key")!;
                var value = Yaml.Str(objects.Find("ConfigMap", configMap, ns).Root, "data", key)
                    ?? throw new InvalidDataException($"{workload}: {name} refers to key {key} that ConfigMap {configMap} does not have");
                env[name] = new EnvValue(value, $"ConfigMap {configMap}");
            }
            else if (Yaml.Str(entry, "valueFrom", "secretKeyRef", "name") is { } secret)
            {
                var key = Yaml.Str(entry, "valueFrom", "secretKeyRef", "key")!;
                env[name] = new EnvValue(secrets.SecretValue(ns!, secret, key), $"Secret {secret}", secret, key);
            }
            else
            {
                env[name] = new EnvValue(Yaml.Str(entry, "value") ?? "", "env");
            }
        }

        return env;
    }

    /// <summary>
    /// The settings as the app reads them, with every path inside one of the container's volume
    /// mounts moved to a local directory standing in for that volume (the pod has it; this machine
    /// does not). A path outside every mount stays as it is.
    /// </summary>
    public static Dictionary<string, string?> AsSettings(Dictionary<string, EnvValue> env, Dictionary<string, object?> container, string mountRoot)
    {
        var mounts = Yaml.SeqAt(container, "volumeMounts").Select(m => Yaml.Str(m, "mountPath")!).ToList();
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, entry) in env)
        {
            var value = entry.Value;
            var mount = mounts.FirstOrDefault(m => value == m || value.StartsWith(m.TrimEnd('/') + "/", StringComparison.Ordinal));
            if (mount is not null)
            {
                var local = Path.Combine(mountRoot, mount.Trim('/').Replace('/', '_'));
                Directory.CreateDirectory(local);
                value = local + value[mount.TrimEnd('/').Length..];
            }

            settings[name] = value;
        }

        return settings;
    }
}
