using System.Globalization;
using Bench.Functions.Hosting;

namespace Bench.Functions.Tests.Deployment;

/// <summary>KEDA scales the analysis consumer on the queue the app consumes; the API and its timer stay up.</summary>
public sealed class ScalingTests
{
    private readonly List<KubeObject> _objects = Keda.Dev();

    private KubeObject ScaledObject => _objects.Single(o => o.Kind == "ScaledObject");

    [KubectlFact]
    public void TheScaledObjectTargetsTheAnalysisDeploymentFromZero()
    {
        var spec = Yaml.MapAt(ScaledObject.Root, "spec")!;
        Assert.Equal("Deployment", Yaml.Str(spec, "scaleTargetRef", "kind"));
        var target = _objects.Find("Deployment", Yaml.Str(spec, "scaleTargetRef", "name")!, ScaledObject.Namespace);
        Assert.Equal(ServeRole.Analysis, target.Role());

        Assert.Equal("0", Yaml.Str(spec, "minReplicaCount"));
        var max = Int(spec, "maxReplicaCount");
        Assert.InRange(max, 1, 100);
        Assert.InRange(Int(spec, "pollingInterval"), 1, 300);
        Assert.InRange(Int(spec, "cooldownPeriod"), 1, 3600);
        // KEDA owns the count: a replicas field would be reset by every kubectl apply.
        Assert.Null(Yaml.At(target.Root, "spec", "replicas"));
    }

    [KubectlFact]
    public void TheDevOverlaySetsItsOwnMaximumAndTheBaseKeepsAnother()
    {
        var baseMax = Int(Yaml.MapAt(KubectlKustomize.Build(Path.Combine(Keda.Dir, "base")).Single(o => o.Kind == "ScaledObject").Root, "spec")!, "maxReplicaCount");
        var devMax = Int(Yaml.MapAt(ScaledObject.Root, "spec")!, "maxReplicaCount");
        Assert.Equal(10, baseMax);
        Assert.Equal(3, devMax);
    }

    [KubectlFact]
    public void TheTriggerCountsReadyMessagesOfTheQueueTheAppConsumes()
    {
        var trigger = Assert.Single(Yaml.SeqAt(ScaledObject.Root, "spec", "triggers"));
        Assert.Equal("rabbitmq", Yaml.Str(trigger, "type"));
        var metadata = Yaml.StringMapAt(trigger, "metadata");
        Assert.Equal("amqp", metadata["protocol"]);
        Assert.Equal("QueueLength", metadata["mode"]);
        Assert.True(double.Parse(metadata["value"]!, CultureInfo.InvariantCulture) >= 1);
        Assert.True(double.Parse(metadata["activationValue"]!, CultureInfo.InvariantCulture) >= 0);
        // No host in the metadata: it carries the password and comes from the TriggerAuthentication.
        Assert.False(metadata.ContainsKey("host"));

        var analysis = SettingsCoverageTests.Environment("bench-analysis");
        var consumed = analysis.TryGetValue("BENCH_ANALYSIS_QUEUE", out var queue) ? queue.Value : Contract.AnalysisQueue;
        Assert.Equal(Contract.AnalysisQueue, consumed);
        Assert.Equal(consumed, metadata["queueName"]);
    }

    [KubectlFact]
    public void KedaReadsTheSameConnectionSecretAsTheAnalysisPods()
    {
        var trigger = Assert.Single(Yaml.SeqAt(ScaledObject.Root, "spec", "triggers"));
        var authentication = _objects.Find("TriggerAuthentication", Yaml.Str(trigger, "authenticationRef", "name")!, ScaledObject.Namespace);
        var reference = Assert.Single(Yaml.SeqAt(authentication.Root, "spec", "secretTargetRef"));
        Assert.Equal("host", Yaml.Str(reference, "parameter"));

        var connection = SettingsCoverageTests.Environment("bench-analysis")["RabbitMQConnection"];
        Assert.Equal(connection.SecretName, Yaml.Str(reference, "name"));
        Assert.Equal(connection.SecretKey, Yaml.Str(reference, "key"));
        var uri = new Uri(connection.Value);
        Assert.Equal("amqp", uri.Scheme);
        Assert.Contains(':', uri.UserInfo);
    }

    [KubectlFact]
    public void AnAnalysisPodToldToStopHasTimeToFinishTheJobInHand()
    {
        var analysis = _objects.Find("Deployment", "bench-analysis");
        var env = SettingsCoverageTests.Environment("bench-analysis");
        var shutdown = env.TryGetValue("BENCH_SHUTDOWN_SECONDS", out var value) ? int.Parse(value.Value, CultureInfo.InvariantCulture) : Contract.DefaultShutdownSeconds;
        var grace = Int(analysis.PodSpec!, "terminationGracePeriodSeconds");
        // The host waits BENCH_SHUTDOWN_SECONDS for the job, then up to 15 s more to stop: the kill must come later.
        Assert.True(grace > shutdown + 15, $"terminationGracePeriodSeconds {grace} leaves no margin over BENCH_SHUTDOWN_SECONDS {shutdown} + 15");

        // KEDA's scale-in must not come sooner than a pod can drain either.
        var scaleDown = Yaml.MapAt(ScaledObject.Root, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown");
        Assert.NotNull(scaleDown);
        Assert.True(Int(scaleDown!, "stabilizationWindowSeconds") >= 60);
    }

    [KubectlFact]
    public void TheApiDeploymentRunsTheTimerAlwaysOnAndNothingScalesIt()
    {
        var api = _objects.Find("Deployment", "bench-api");
        // The api role runs NightlyRescan (SERVICE_CONTRACT.md); KEDA cannot scale on a timer.
        Assert.Equal(ServeRole.Api, api.Role());
        Assert.Equal(2, Int(Yaml.MapAt(api.Root, "spec")!, "replicas"));
        Assert.DoesNotContain(_objects.Where(o => o.Kind is "ScaledObject" or "HorizontalPodAutoscaler"),
            o => Yaml.Str(o.Root, "spec", "scaleTargetRef", "name") == "bench-api");
        Assert.DoesNotContain(Yaml.SeqAt(ScaledObject.Root, "spec", "triggers"), t => Yaml.Str(t, "type") == "cron");
    }

    [KubectlFact]
    public void AtFullScaleTheConnectionPoolsFitInPostgresMaxConnections()
    {
        var api = _objects.Find("Deployment", "bench-api");
        var apiPods = Int(Yaml.MapAt(api.Root, "spec")!, "replicas") + Int(Yaml.MapAt(api.Root, "spec", "strategy", "rollingUpdate")!, "maxSurge");
        var analysisPods = Int(Yaml.MapAt(KubectlKustomize.Build(Path.Combine(Keda.Dir, "base")).Single(o => o.Kind == "ScaledObject").Root, "spec")!, "maxReplicaCount") + 1;
        var apiPool = int.Parse(SettingsCoverageTests.Environment("bench-api")["BENCH_POSTGRES_MAX_POOL_SIZE"].Value, CultureInfo.InvariantCulture);
        var analysisPool = int.Parse(SettingsCoverageTests.Environment("bench-analysis")["BENCH_POSTGRES_MAX_POOL_SIZE"].Value, CultureInfo.InvariantCulture);

        var config = Yaml.Str(Keda.HelmValues("postgresql"), "primary", "extendedConfiguration") ?? "";
        var match = System.Text.RegularExpressions.Regex.Match(config, @"max_connections\s*=\s*(\d+)");
        Assert.True(match.Success, "postgresql.values.yaml sets no max_connections");
        const int reservedForSuperuser = 3;
        var total = (apiPods * apiPool) + (analysisPods * analysisPool);
        Assert.True(total <= int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) - reservedForSuperuser,
            $"{apiPods} api pods x {apiPool} + {analysisPods} analysis pods x {analysisPool} = {total} connections");
    }

    [KubectlFact]
    public void AnalysisPodsHaveMemoryForThePeakOfTheStreamingAnalysisAndDiskForOneProfile()
    {
        var container = _objects.Find("Deployment", "bench-analysis").AppContainer();
        // docs/analysis.md: ~250 MB peak while streaming the largest profiles, plus the runtime.
        Assert.True(Bytes(Yaml.Str(container, "resources", "requests", "memory")!) >= 512L << 20);
        Assert.True(Bytes(Yaml.Str(container, "resources", "limits", "memory")!) >= Bytes(Yaml.Str(container, "resources", "requests", "memory")!));

        var env = SettingsCoverageTests.Environment("bench-analysis");
        var scratch = Yaml.SeqAt(container, "volumeMounts").Single(m => Yaml.Str(m, "mountPath") == env["BENCH_TEMP_DIR"].Value);
        var volume = Yaml.SeqAt(_objects.Find("Deployment", "bench-analysis").PodSpec, "volumes").Single(v => Yaml.Str(v, "name") == Yaml.Str(scratch, "name"));
        var size = Bytes(Yaml.Str(volume, "emptyDir", "sizeLimit")!);
        Assert.True(size >= 2L << 30, "the scratch volume must hold the largest profiles (a 64-node day is ~1 GB)");
        Assert.True(Bytes(Yaml.Str(container, "resources", "limits", "ephemeral-storage")!) > size);
    }

    private static int Int(Dictionary<string, object?> map, string key) =>
        int.Parse(Yaml.Str(map, key) ?? throw new InvalidDataException($"no {key}"), CultureInfo.InvariantCulture);

    /// <summary>A Kubernetes quantity (Mi, Gi, M, G or plain bytes) in bytes.</summary>
    internal static long Bytes(string quantity)
    {
        foreach (var (suffix, factor) in new[] { ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("k", 1_000L), ("M", 1_000_000L), ("G", 1_000_000_000L) })
        {
            if (quantity.EndsWith(suffix, StringComparison.Ordinal))
            {
                return long.Parse(quantity[..^suffix.Length], CultureInfo.InvariantCulture) * factor;
            }
        }

        return long.Parse(quantity, CultureInfo.InvariantCulture);
    }
}
