using Bench.Functions.Tests.Hdf5;

namespace Bench.Functions.Tests.Deployment;

/// <summary>The overlays as <c>kubectl kustomize</c> builds them: the dev overlay changes what it names and nothing else.</summary>
public sealed class KubectlKustomizeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [KubectlFact]
    public void ThePatchChangesOnlyTheKeysItNamesAndTheImageGetsTheOverlaysNameAndTag()
    {
        var baseObjects = KubectlKustomize.Build(Path.Combine(Keda.Dir, "base"));
        var before = Yaml.StringMapAt(baseObjects.Find("ConfigMap", "bench-settings").Root, "data");
        var after = Yaml.StringMapAt(Keda.Dev().Find("ConfigMap", "bench-settings").Root, "data");
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["MINIO_PUBLIC_ENDPOINT"], before.Keys.Where(k => before[k] != after[k]));
        Assert.Equal("http://minio.bench.local", after["MINIO_PUBLIC_ENDPOINT"]);

        Assert.Equal("bench", Yaml.Str(baseObjects.Find("Deployment", "bench-api").AppContainer(), "image"));
        Assert.All(Keda.Dev().Where(o => o.Kind == "Deployment"), d => Assert.Equal("localhost/bench:dev", Yaml.Str(d.AppContainer(), "image")));
    }

    [KubectlFact]
    public void TheStrategicMergeOfTheScalingPatchKeepsTheBasesTriggers()
    {
        var baseScaled = KubectlKustomize.Build(Path.Combine(Keda.Dir, "base")).Single(o => o.Kind == "ScaledObject");
        var devScaled = Keda.Dev().Single(o => o.Kind == "ScaledObject");

        Assert.Equal(Yaml.SeqAt(baseScaled.Root, "spec", "triggers").Count, Yaml.SeqAt(devScaled.Root, "spec", "triggers").Count);
        Assert.Equal(Yaml.Str(baseScaled.Root, "spec", "scaleTargetRef", "name"), Yaml.Str(devScaled.Root, "spec", "scaleTargetRef", "name"));
    }

    [KubectlFact]
    public void EachCallGivesAFreshCopy()
    {
        var first = Keda.Dev();
        first.Find("ConfigMap", "bench-settings").Root["data"] = null;

        Assert.NotNull(Yaml.MapAt(Keda.Dev().Find("ConfigMap", "bench-settings").Root, "data"));
    }

    [KubectlFact]
    public void APatchForAnObjectTheBaseDoesNotHaveFailsWithKubectlsReason()
    {
        File.WriteAllText(_dir.File("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: n}\ndata: {k: v}\n");
        File.WriteAllText(_dir.File("patch.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: n}\ndata: {k: w}\n");
        File.WriteAllText(_dir.File("kustomization.yaml"), "resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n");

        var error = Assert.Throws<InvalidDataException>(() => KubectlKustomize.Build(_dir.Path));

        Assert.Contains($"kubectl kustomize {_dir.Path} failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConfigMap", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bench", "bench", null)]
    [InlineData("localhost/bench:dev", "localhost/bench", "dev")]
    [InlineData("registry.local:5000/bench", "registry.local:5000/bench", null)]
    [InlineData("registry.local:5000/bench:1.2@sha256:abc", "registry.local:5000/bench", "1.2")]
    public void ImageReferencesSplitIntoRepositoryAndTag(string image, string repository, string? tag) =>
        Assert.Equal((repository, tag), Keda.SplitImage(image));

    [Fact]
    public void BrokenYamlIsReportedWithFileAndLine()
    {
        File.WriteAllText(_dir.File("bad.yaml"), "a: 1\nb: [unclosed\n");
        var error = Assert.Throws<InvalidDataException>(() => Yaml.LoadAll(_dir.File("bad.yaml")));
        Assert.Contains("bad.yaml: not valid YAML at line", error.Message, StringComparison.Ordinal);
    }
}
