using Bench.Functions.Tests.Hdf5;

namespace Bench.Functions.Tests.Deployment;

/// <summary>The test resolver does what kustomize does for the features keda/ uses, and refuses the rest.</summary>
public sealed class KustomizeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ThePatchChangesOnlyTheKeysItNamesAndTheImageGetsTheOverlaysNameAndTag()
    {
        var baseMap = Kustomize.Build(Path.Combine(Keda.Dir, "base")).Find("ConfigMap", "bench-settings");
        var devMap = Keda.Dev().Find("ConfigMap", "bench-settings");
        var before = Yaml.StringMapAt(baseMap.Root, "data");
        var after = Yaml.StringMapAt(devMap.Root, "data");
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        var changed = before.Keys.Where(k => before[k] != after[k]).ToList();
        Assert.Equal(["MINIO_PUBLIC_ENDPOINT"], changed);
        Assert.Equal("http://minio.bench.local", after["MINIO_PUBLIC_ENDPOINT"]);

        Assert.Equal("bench", Yaml.Str(Kustomize.Build(Path.Combine(Keda.Dir, "base")).Find("Deployment", "bench-api").AppContainer(), "image"));
    }

    [Fact]
    public void MergingMapsRecursesNullDeletesAndListsOfCustomResourcesAreReplaced()
    {
        var target = Map("""
            spec:
              a: "1"
              b: "2"
              nested: {x: "1", y: "2"}
              triggers: [{type: one}, {type: two}]
            """);
        var patch = Map("""
            spec:
              b: ~
              nested: {y: "3"}
              triggers: [{type: three}]
            """);
        Kustomize.Merge(target, patch, strategic: false);
        Assert.Equal("1", Yaml.Str(target, "spec", "a"));
        Assert.Null(Yaml.At(target, "spec", "b"));
        Assert.False(Yaml.MapAt(target, "spec")!.ContainsKey("b"));
        Assert.Equal("1", Yaml.Str(target, "spec", "nested", "x"));
        Assert.Equal("3", Yaml.Str(target, "spec", "nested", "y"));
        Assert.Equal(["three"], Yaml.SeqAt(target, "spec", "triggers").Select(t => Yaml.Str(t, "type")));
    }

    [Fact]
    public void StrategicMergeMergesNamedItemsLikeContainersAndEnv()
    {
        var target = Map("""
            containers:
              - name: bench
                image: bench
                env: [{name: A, value: "1"}, {name: B, value: "2"}]
            """);
        var patch = Map("""
            containers:
              - name: bench
                env: [{name: B, value: "3"}, {name: C, value: "4"}]
              - name: sidecar
                image: other
            """);
        Kustomize.Merge(target, patch, strategic: true);
        var containers = Yaml.SeqAt(target, "containers");
        Assert.Equal(["bench", "sidecar"], containers.Select(c => Yaml.Str(c, "name")));
        Assert.Equal("bench", Yaml.Str(containers[0], "image"));
        Assert.Equal(["A=1", "B=3", "C=4"], Yaml.SeqAt(containers[0], "env").Select(e => $"{Yaml.Str(e, "name")}={Yaml.Str(e, "value")}"));
    }

    [Theory]
    [InlineData("bench", "bench", null)]
    [InlineData("localhost/bench:dev", "localhost/bench", "dev")]
    [InlineData("registry.local:5000/bench", "registry.local:5000/bench", null)]
    [InlineData("registry.local:5000/bench:1.2@sha256:abc", "registry.local:5000/bench", "1.2")]
    public void ImageReferencesSplitIntoRepositoryAndTag(string image, string repository, string? tag) =>
        Assert.Equal((repository, tag), Kustomize.SplitImage(image));

    [Fact]
    public void AFieldTheResolverDoesNotEmulateIsRefused()
    {
        File.WriteAllText(_dir.File("kustomization.yaml"), "resources: []\nnamePrefix: dev-\n");
        var error = Assert.Throws<NotSupportedException>(() => Kustomize.Build(_dir.Path));
        Assert.Contains("namePrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APatchForAnObjectTheBaseDoesNotHaveIsAnError()
    {
        File.WriteAllText(_dir.File("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: n}\ndata: {k: v}\n");
        File.WriteAllText(_dir.File("patch.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: n}\ndata: {k: w}\n");
        File.WriteAllText(_dir.File("kustomization.yaml"), "resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n");
        var error = Assert.Throws<InvalidDataException>(() => Kustomize.Build(_dir.Path));
        Assert.Contains("ConfigMap n/b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenYamlIsReportedWithFileAndLine()
    {
        File.WriteAllText(_dir.File("bad.yaml"), "a: 1\nb: [unclosed\n");
        var error = Assert.Throws<InvalidDataException>(() => Yaml.LoadAll(_dir.File("bad.yaml")));
        Assert.Contains("bad.yaml: not valid YAML at line", error.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, object?> Map(string yaml)
    {
        var file = _dir.File(Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(file, yaml);
        return (Dictionary<string, object?>)Yaml.LoadAll(file).Single()!;
    }
}
