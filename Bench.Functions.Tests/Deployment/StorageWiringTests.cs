namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// The charts in namespace storage, the Secrets, the app's settings and the MinIO wiring Job name the
/// same services, users, secrets and labels.
/// </summary>
public sealed class StorageWiringTests
{
    private const string StorageDomain = ".storage.svc.cluster.local";

    private readonly List<KubeObject> _templates = Keda.SecretTemplates();
    private readonly Dictionary<string, EnvValue> _api = SettingsCoverageTests.Environment("bench-api");

    [KubectlFact]
    public void EachChartReadsItsPasswordsFromATemplatedSecret()
    {
        var postgres = Keda.HelmValues("postgresql");
        var secret = Yaml.Str(postgres, "auth", "existingSecret")!;
        _templates.SecretValue("storage", secret, Yaml.Str(postgres, "auth", "secretKeys", "adminPasswordKey")!);
        _templates.SecretValue("storage", secret, Yaml.Str(postgres, "auth", "secretKeys", "userPasswordKey")!);

        var rabbitmq = Keda.HelmValues("rabbitmq");
        _templates.SecretValue("storage", Yaml.Str(rabbitmq, "auth", "existingPasswordSecret")!, Yaml.Str(rabbitmq, "auth", "existingSecretPasswordKey")!);
        _templates.SecretValue("storage", Yaml.Str(rabbitmq, "auth", "existingErlangSecret")!, Yaml.Str(rabbitmq, "auth", "existingSecretErlangKey")!);

        var minio = Keda.HelmValues("minio");
        _templates.SecretValue("storage", Yaml.Str(minio, "auth", "existingSecret")!, Yaml.Str(minio, "auth", "rootUserSecretKey")!);
        _templates.SecretValue("storage", Yaml.Str(minio, "auth", "existingSecret")!, Yaml.Str(minio, "auth", "rootPasswordSecretKey")!);
    }

    [KubectlFact]
    public void TheAppConnectsToTheChartsServicesAsTheirUsers()
    {
        var postgres = Keda.HelmValues("postgresql");
        Assert.Equal(Yaml.Str(postgres, "fullnameOverride") + StorageDomain, _api["POSTGRES_HOST"].Value);
        Assert.Equal(Yaml.Str(postgres, "primary", "service", "ports", "postgresql"), _api["POSTGRES_PORT"].Value);
        Assert.Equal(Yaml.Str(postgres, "auth", "username"), _api["POSTGRES_USER"].Value);
        Assert.Equal(Yaml.Str(postgres, "auth", "database"), _api["POSTGRES_DB"].Value);

        var minio = Keda.HelmValues("minio");
        Assert.Equal($"{Yaml.Str(minio, "fullnameOverride")}{StorageDomain}:{Yaml.Str(minio, "service", "ports", "api")}", _api["MINIO_ENDPOINT"].Value);

        var rabbitmq = Keda.HelmValues("rabbitmq");
        var amqp = new Uri(_api["RabbitMQConnection"].Value);
        Assert.Equal(Yaml.Str(rabbitmq, "fullnameOverride") + StorageDomain, amqp.Host);
        Assert.Equal(Yaml.Str(rabbitmq, "service", "ports", "amqp"), amqp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Yaml.Str(rabbitmq, "auth", "username"), amqp.UserInfo.Split(':')[0]);
    }

    [KubectlFact]
    public void OnlyMinioPodsMayReachTheWebhookPort()
    {
        var objects = Keda.Dev();
        var webhook = objects.Find("Service", "bench-webhook");
        var servers = objects.Workloads().Where(w => Keda.Selects(Yaml.StringMapAt(webhook.Root, "spec", "selector"), w.PodLabels)).ToList();
        var port = ManifestStructureTests.ContainerPort(servers.Single(), Yaml.Str(Yaml.SeqAt(webhook.Root, "spec", "ports").Single(), "targetPort")!);

        var minioLabels = Yaml.StringMapAt(Keda.HelmValues("minio"), "podLabels");
        var fromStorage = objects.Where(o => o.Kind == "NetworkPolicy")
            .SelectMany(p => Yaml.SeqAt(p.Root, "spec", "ingress").Select(rule => (Policy: p, Rule: rule)))
            .Where(x => Yaml.SeqAt(x.Rule, "from").Any(f => Yaml.Str(f, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name") == "storage"))
            .ToList();
        var (policy, rule) = Assert.Single(fromStorage);
        Assert.True(Keda.Selects(Yaml.StringMapAt(policy.Root, "spec", "podSelector", "matchLabels"), servers.Single().PodLabels));
        var source = Assert.Single(Yaml.SeqAt(rule, "from"));
        var sourceLabels = Yaml.StringMapAt(source, "podSelector", "matchLabels");
        Assert.NotEmpty(sourceLabels);
        Assert.True(Keda.Selects(sourceLabels, minioLabels), "the policy's pod selector does not match the labels minio.values.yaml gives MinIO's pods");
        Assert.Equal([port], Yaml.SeqAt(rule, "ports").Select(p => Yaml.Str(p, "port")));

        // Every other allowed source is the ingress controller, which the Ingress keeps off the webhook.
        var others = objects.Where(o => o.Kind == "NetworkPolicy" && o != policy).SelectMany(p => Yaml.SeqAt(p.Root, "spec", "ingress")).SelectMany(r => Yaml.SeqAt(r, "from"));
        Assert.All(others, f => Assert.Equal("kube-system", Yaml.Str(f, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name")));
    }

    [KubectlFact]
    public void TheWiringJobUsesTheAppsBucketUserAndTokenAndMinioKeepsItsEventQueue()
    {
        var job = Keda.Storage().Find("Job", "bench-minio-webhook", "storage");
        var env = RouteTests.JobEnv(job);
        Assert.Equal(_api["MINIO_BUCKET"].Value, env["BUCKET"]);
        Assert.Equal("http://" + _api["MINIO_ENDPOINT"].Value, env["MINIO_URL"]);

        // Same placeholder, so create-secrets.sh gives both namespaces the same value.
        var refs = Yaml.SeqAt(job.PodSpec, "containers").SelectMany(c => Yaml.SeqAt(c, "env"))
            .Where(e => Yaml.At(e, "valueFrom", "secretKeyRef") is not null)
            .ToDictionary(e => Yaml.Str(e, "name")!, e => (Secret: Yaml.Str(e, "valueFrom", "secretKeyRef", "name")!, Key: Yaml.Str(e, "valueFrom", "secretKeyRef", "key")!));
        foreach (var (jobVariable, appSetting) in new[] { ("WEBHOOK_TOKEN", "MINIO_WEBHOOK_TOKEN"), ("BENCH_ACCESS_KEY", "MINIO_ACCESS_KEY"), ("BENCH_SECRET_KEY", "MINIO_SECRET_KEY") })
        {
            var app = _api[appSetting];
            Assert.Equal(
                _templates.SecretValue("bench", app.SecretName!, app.SecretKey!),
                _templates.SecretValue("storage", refs[jobVariable].Secret, refs[jobVariable].Key));
        }

        var minio = Keda.HelmValues("minio");
        Assert.Equal(Yaml.Str(minio, "auth", "existingSecret"), refs["MINIO_ROOT_USER"].Secret);
        Assert.Equal(Yaml.Str(minio, "auth", "rootUserSecretKey"), refs["MINIO_ROOT_USER"].Key);
        Assert.Equal(Yaml.Str(minio, "auth", "rootPasswordSecretKey"), refs["MINIO_ROOT_PASSWORD"].Key);

        // queue_dir is a directory on MinIO's pod, on a volume that outlives the pod.
        var mount = Yaml.SeqAt(minio, "extraVolumeMounts").Single(m => Yaml.Str(m, "mountPath") == env["QUEUE_DIR"]);
        var volume = Yaml.SeqAt(minio, "extraVolumes").Single(v => Yaml.Str(v, "name") == Yaml.Str(mount, "name"));
        var claim = Yaml.Str(volume, "persistentVolumeClaim", "claimName");
        Assert.Contains(Yaml.SeqAt(minio, "extraDeploy"), o => Yaml.Str(o, "kind") == "PersistentVolumeClaim" && Yaml.Str(o, "metadata", "name") == claim);
    }

    [KubectlFact]
    public void TheWiringScriptSetsTheWebhookWithTokenAndQueueAndAddsThePutRulesForProfilesAndCounterCsvs()
    {
        using var mc = new FakeMc();
        var run = mc.RunJob();
        var env = run.Environment;
        Assert.Contains($"alias set store {env["MINIO_URL"]} {env["MINIO_ROOT_USER"]} {env["MINIO_ROOT_PASSWORD"]}", run.Calls);
        Assert.Contains($"mb --ignore-existing store/{env["BUCKET"]}", run.Calls);
        Assert.Contains($"admin user add store {env["BENCH_ACCESS_KEY"]} {env["BENCH_SECRET_KEY"]}", run.Calls);
        Assert.Contains($"admin policy attach store bench-app --user {env["BENCH_ACCESS_KEY"]}", run.Calls);
        Assert.Contains(
            $"admin config set store notify_webhook:bench endpoint={env["WEBHOOK_ENDPOINT"]} auth_token={env["WEBHOOK_TOKEN"]} queue_dir={env["QUEUE_DIR"]} queue_limit=100000",
            run.Calls);
        // Profiles and LIKWID counter CSVs, one rule each, and nothing else.
        Assert.Equal(
            [$"event add store/{env["BUCKET"]} arn:minio:sqs::bench:webhook --event put --suffix .h5", $"event add store/{env["BUCKET"]} arn:minio:sqs::bench:webhook --event put --suffix .csv"],
            run.Calls.Where(c => c.StartsWith("event add", StringComparison.Ordinal)));
        Assert.DoesNotContain(run.Calls, c => c.StartsWith("admin service restart", StringComparison.Ordinal));

        // The policy document the script writes limits the user to the bucket.
        using var policy = System.Text.Json.JsonDocument.Parse(run.Policy);
        var resources = policy.RootElement.GetProperty("Statement").EnumerateArray()
            .SelectMany(s => s.GetProperty("Resource").EnumerateArray()).Select(r => r.GetString()).ToList();
        Assert.Equal([$"arn:aws:s3:::{env["BUCKET"]}", $"arn:aws:s3:::{env["BUCKET"]}/*"], resources);
    }

    [KubectlFact]
    public void RunAgainTheWiringScriptRestartsMinioWhenAskedAndKeepsAnExistingRule()
    {
        using var mc = new FakeMc(configSetSays: "Please restart your server 'mc admin service restart store'.", existingRules: [".h5", ".csv"], policyAlreadyAttached: true);
        var run = mc.RunJob();
        Assert.Contains("admin service restart store", run.Calls);
        Assert.DoesNotContain(run.Calls, c => c.StartsWith("event add", StringComparison.Ordinal));
        Assert.Contains("event rule for .h5 already present", run.Output, StringComparison.Ordinal);
        Assert.Contains("event rule for .csv already present", run.Output, StringComparison.Ordinal);
    }

    [KubectlFact]
    public void RunWhereOnlyTheProfileRuleExistsTheWiringScriptAddsTheCsvRule()
    {
        // A cluster wired before counter CSVs were analysed.
        using var mc = new FakeMc(existingRules: [".h5"]);
        var run = mc.RunJob();
        Assert.Equal(
            [$"event add store/{run.Environment["BUCKET"]} arn:minio:sqs::bench:webhook --event put --suffix .csv"],
            run.Calls.Where(c => c.StartsWith("event add", StringComparison.Ordinal)));
    }

    [KubectlFact]
    public void TheWiringScriptStopsWhenMinioNeverBecomesReady()
    {
        using var mc = new FakeMc(ready: false);
        var run = mc.RunJob(expectSuccess: false);
        Assert.Contains("is not ready after 5 minutes", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Calls, c => c.StartsWith("admin config set", StringComparison.Ordinal));
    }
}
