using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// YAML files as plain trees: mappings become dictionaries, sequences lists, scalars strings (a plain
/// <c>null</c>, <c>~</c> or empty scalar becomes null). Numbers stay strings, as Kubernetes sees them
/// before it applies a schema.
/// </summary>
public static class Yaml
{
    /// <summary>Every non-empty document of a (multi-document) file, in order.</summary>
    public static List<object?> LoadAll(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Every non-empty document of YAML text; <paramref name="source"/> names it in errors.</summary>
    public static List<object?> Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{source}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        return stream.Documents
            .Select(d => Convert(d.RootNode, source))
            .Where(d => d is not null)
            .ToList();
    }

    /// <summary>The value at <paramref name="path"/> (mapping keys), or null when any step is missing.</summary>
    public static object? At(object? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not Dictionary<string, object?> map || !map.TryGetValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Str(object? node, params string[] path) => At(node, path) as string;

    public static Dictionary<string, object?>? MapAt(object? node, params string[] path) => At(node, path) as Dictionary<string, object?>;

    /// <summary>The sequence at <paramref name="path"/>, empty when missing.</summary>
    public static List<object?> SeqAt(object? node, params string[] path) => At(node, path) as List<object?> ?? [];

    /// <summary>A mapping of strings (labels, selectors, ConfigMap data), empty when missing.</summary>
    public static Dictionary<string, string?> StringMapAt(object? node, params string[] path) =>
        (MapAt(node, path) ?? []).ToDictionary(kv => kv.Key, kv => kv.Value as string, StringComparer.Ordinal);

    /// <summary>A deep copy, so that patching one tree leaves another alone.</summary>
    public static object? Clone(object? node) => node switch
    {
        Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => Clone(kv.Value), StringComparer.Ordinal),
        List<object?> list => list.Select(Clone).ToList(),
        _ => node,
    };

    private static object? Convert(YamlNode node, string path) => node switch
    {
        YamlMappingNode map => ConvertMapping(map, path),
        YamlSequenceNode sequence => sequence.Children.Select(c => Convert(c, path)).ToList(),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" } => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw new InvalidDataException($"{path}: unsupported YAML node at line {node.Start.Line}"),
    };

    private static Dictionary<string, object?> ConvertMapping(YamlMappingNode map, string path)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new InvalidDataException($"{path}: a mapping key at line {key.Start.Line} is not a plain string");
            }

            if (!result.TryAdd(name, Convert(value, path)))
            {
                throw new InvalidDataException($"{path}: key '{name}' appears twice (line {key.Start.Line})");
            }
        }

        return result;
    }
}
