namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// What <c>kustomize build</c> makes of keda/'s kustomizations, for the subset they use: resources
/// (files and directories), patches (merge patches by file, target taken from the patch itself) and
/// images. Any other field is refused rather than ignored, so an overlay cannot quietly outgrow what
/// the checks understand.
/// </summary>
public static class Kustomize
{
    private static readonly HashSet<string> SupportedFields = ["apiVersion", "kind", "resources", "patches", "images"];

    public static List<KubeObject> Build(string directory)
    {
        var file = Path.Combine(directory, "kustomization.yaml");
        var kustomization = Yaml.LoadAll(file).Single() as Dictionary<string, object?>
            ?? throw new InvalidDataException($"{file}: not a mapping");
        var unsupported = kustomization.Keys.Except(SupportedFields).ToList();
        if (unsupported.Count > 0)
        {
            throw new NotSupportedException($"{file}: the test resolver does not emulate {string.Join(", ", unsupported)}; keep overlays to resources, patches and images");
        }

        var objects = new List<KubeObject>();
        foreach (var resource in Yaml.SeqAt(kustomization, "resources").Cast<string>())
        {
            var path = Path.GetFullPath(Path.Combine(directory, resource));
            objects.AddRange(Directory.Exists(path) ? Build(path) : Load(path));
        }

        var duplicate = objects.GroupBy(o => (o.Kind, o.Namespace, o.Name)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{file}: {duplicate.Key} is defined twice ({string.Join(", ", duplicate.Select(o => o.File))})");
        }

        foreach (var entry in Yaml.SeqAt(kustomization, "patches"))
        {
            if (Yaml.Str(entry, "path") is not { } patchPath || Yaml.At(entry, "target") is not null)
            {
                throw new NotSupportedException($"{file}: only 'patches: - path: <file>' is emulated");
            }

            foreach (var patch in Load(Path.Combine(directory, patchPath)))
            {
                var target = objects.SingleOrDefault(o => o.Kind == patch.Kind && o.Name == patch.Name && o.Namespace == patch.Namespace)
                    ?? throw new InvalidDataException($"{patch.File}: patches {patch.Kind} {patch.Namespace}/{patch.Name}, which {file} does not have");
                Merge(target.Root, patch.Root, target.IsBuiltIn);
            }
        }

        foreach (var image in Yaml.SeqAt(kustomization, "images"))
        {
            SetImage(objects, Yaml.Str(image, "name")!, Yaml.Str(image, "newName"), Yaml.Str(image, "newTag"));
        }

        return objects;
    }

    /// <summary>The Kubernetes objects of one manifest file.</summary>
    public static IEnumerable<KubeObject> Load(string path) =>
        Yaml.LoadAll(path).Select(d => new KubeObject(path, d as Dictionary<string, object?>
            ?? throw new InvalidDataException($"{path}: a document is not a mapping")));

    /// <summary>
    /// Merges <paramref name="patch"/> into <paramref name="target"/>: mappings key by key, null deletes
    /// a key. Lists are replaced, except lists of named items in built-in kinds (containers, env,
    /// volumes, ports ...), which strategic merge merges by name.
    /// </summary>
    public static void Merge(Dictionary<string, object?> target, Dictionary<string, object?> patch, bool strategic)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is Dictionary<string, object?> patchMap && target.GetValueOrDefault(key) is Dictionary<string, object?> targetMap)
            {
                Merge(targetMap, patchMap, strategic);
            }
            else if (strategic && value is List<object?> patchList && target.GetValueOrDefault(key) is List<object?> targetList
                && patchList.Concat(targetList).All(i => Yaml.Str(i, "name") is not null))
            {
                foreach (var item in patchList.Cast<Dictionary<string, object?>>())
                {
                    var match = targetList.Cast<Dictionary<string, object?>>().FirstOrDefault(t => Yaml.Str(t, "name") == Yaml.Str(item, "name"));
                    if (match is null)
                    {
                        targetList.Add(Yaml.Clone(item));
                    }
                    else
                    {
                        Merge(match, item, strategic);
                    }
                }
            }
            else
            {
                target[key] = Yaml.Clone(value);
            }
        }
    }

    private static void SetImage(List<KubeObject> objects, string name, string? newName, string? newTag)
    {
        foreach (var container in objects.SelectMany(o => o.Containers))
        {
            var image = Yaml.Str(container, "image") ?? "";
            var (repository, tag) = SplitImage(image);
            if (repository == name)
            {
                var finalTag = newTag ?? tag;
                container["image"] = (newName ?? repository) + (finalTag is null ? "" : ":" + finalTag);
            }
        }
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
