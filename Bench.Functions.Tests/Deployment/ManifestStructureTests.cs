namespace Bench.Functions.Tests.Deployment;

/// <summary>keda/ parses, builds, and its objects fit together: selectors, ports, backends.</summary>
public sealed class ManifestStructureTests
{
    private static readonly HashSet<string> ClusterScopedKinds = ["Namespace", "ClusterRole", "ClusterRoleBinding", "StorageClass", "PersistentVolume"];

    public static TheoryData<string> YamlFiles() => new(Keda.YamlFiles().Select(f => Path.GetRelativePath(Keda.Dir, f)));

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void EveryYamlFileParsesAndEveryManifestObjectHasApiVersionKindAndName(string file)
    {
        var path = Path.Combine(Keda.Dir, file);
        var documents = Yaml.LoadAll(path);
        Assert.NotEmpty(documents);
        if (Path.GetFileName(path) == "kustomization.yaml" || file.StartsWith("storage/helm/", StringComparison.Ordinal))
        {
            return; // kustomizations and Helm values are read by their own tools (and by the tests below)
        }

        foreach (var o in KubectlKustomize.Load(path))
        {
            Assert.False(string.IsNullOrEmpty(o.ApiVersion), $"{file}: an object has no apiVersion");
            Assert.False(string.IsNullOrEmpty(o.Kind), $"{file}: an object has no kind");
            Assert.False(string.IsNullOrEmpty(o.Name), $"{file}: a {o.Kind} has no metadata.name");
            if (!ClusterScopedKinds.Contains(o.Kind!))
            {
                Assert.False(string.IsNullOrEmpty(o.Namespace), $"{o}: no metadata.namespace (it would land in whatever namespace kubectl points at)");
            }
        }
    }

    [Fact]
    public void EveryManifestInTheBaseIsPartOfIt()
    {
        var listed = Yaml.SeqAt(Yaml.LoadAll(Path.Combine(Keda.Dir, "base", "kustomization.yaml")).Single(), "resources").Cast<string>();
        var files = Directory.GetFiles(Path.Combine(Keda.Dir, "base"), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");
        Assert.Equal(files.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [KubectlFact]
    public void TheDevOverlayHasTheAppInNamespaceBench()
    {
        var objects = Keda.Dev();
        Assert.All(objects.Where(o => o.Kind != "Namespace"), o => Assert.Equal("bench", o.Namespace));
        foreach (var (kind, name) in new[]
        {
            ("Namespace", "bench"), ("ConfigMap", "bench-settings"), ("Deployment", "bench-api"), ("Service", "bench-api"),
            ("Ingress", "bench-api"), ("Service", "bench-webhook"), ("Deployment", "bench-analysis"),
            ("ScaledObject", "bench-analysis"), ("TriggerAuthentication", "bench-rabbitmq"),
        })
        {
            objects.Find(kind, name);
        }

        // Secrets are made by create-secrets.sh, never applied from the repository.
        Assert.DoesNotContain(objects, o => o.Kind == "Secret");
    }

    [KubectlFact]
    public void EveryWorkloadSelectorMatchesItsOwnPodLabels()
    {
        var workloads = Keda.Dev().Concat(Keda.Storage()).Where(o => o.Kind == "Deployment").ToList();
        Assert.NotEmpty(workloads);
        foreach (var workload in workloads)
        {
            var selector = Yaml.StringMapAt(workload.Root, "spec", "selector", "matchLabels");
            Assert.NotEmpty(selector);
            Assert.True(Keda.Selects(selector, workload.PodLabels), $"{workload}: spec.selector does not match its pod template's labels");
        }

        // The two deployments' selectors must not overlap, or each would claim the other's pods.
        var api = Keda.Dev().Find("Deployment", "bench-api");
        var analysis = Keda.Dev().Find("Deployment", "bench-analysis");
        Assert.False(Keda.Selects(Yaml.StringMapAt(api.Root, "spec", "selector", "matchLabels"), analysis.PodLabels));
        Assert.False(Keda.Selects(Yaml.StringMapAt(analysis.Root, "spec", "selector", "matchLabels"), api.PodLabels));
    }

    [KubectlFact]
    public void EveryServiceSelectsPodsAndTargetsAPortTheirContainerOpens()
    {
        var objects = Keda.Dev();
        var services = objects.Where(o => o.Kind == "Service").ToList();
        Assert.NotEmpty(services);
        foreach (var service in services)
        {
            var selector = Yaml.StringMapAt(service.Root, "spec", "selector");
            Assert.NotEmpty(selector);
            var selected = objects.Workloads().Where(w => Keda.Selects(selector, w.PodLabels)).ToList();
            Assert.True(selected.Count > 0, $"{service} selects no pods");
            foreach (var port in Yaml.SeqAt(service.Root, "spec", "ports"))
            {
                var target = Yaml.Str(port, "targetPort") ?? Yaml.Str(port, "port")!;
                foreach (var workload in selected)
                {
                    Assert.True(ContainerPort(workload, target) is not null, $"{service}: targetPort {target} is no container port of {workload}");
                }
            }
        }
    }

    [KubectlFact]
    public void TheIngressAndPodDisruptionBudgetPointAtExistingServicesPortsAndPods()
    {
        var objects = Keda.Dev();
        var ingress = objects.Find("Ingress", "bench-api");
        var rules = HttpPaths.Rules(ingress).ToList();
        Assert.NotEmpty(rules);
        foreach (var (path, _, serviceName, port) in rules)
        {
            var service = objects.Find("Service", serviceName, "bench");
            Assert.Contains(Yaml.SeqAt(service.Root, "spec", "ports"), p => Yaml.Str(p, "name") == port || Yaml.Str(p, "port") == port);
            Assert.StartsWith("/", path, StringComparison.Ordinal);
        }

        var budget = objects.Find("PodDisruptionBudget", "bench-api");
        var api = objects.Find("Deployment", "bench-api");
        Assert.True(Keda.Selects(Yaml.StringMapAt(budget.Root, "spec", "selector", "matchLabels"), api.PodLabels));
        Assert.True(int.Parse(Yaml.Str(budget.Root, "spec", "minAvailable")!) < int.Parse(Yaml.Str(api.Root, "spec", "replicas")!),
            "minAvailable must leave room to drain a node");
    }

    [KubectlFact]
    public void EveryNetworkPolicySelectsPodsAndOpensOnlyPortsTheyListenOn()
    {
        var objects = Keda.Dev();
        var policies = objects.Where(o => o.Kind == "NetworkPolicy").ToList();
        Assert.Contains(policies, p => Yaml.MapAt(p.Root, "spec", "podSelector") is { Count: 0 } && Yaml.SeqAt(p.Root, "spec", "ingress").Count == 0);
        foreach (var policy in policies)
        {
            var selected = objects.Workloads().Where(w => Keda.Selects(Yaml.StringMapAt(policy.Root, "spec", "podSelector", "matchLabels"), w.PodLabels)).ToList();
            Assert.True(selected.Count > 0, $"{policy} selects no pods");
            foreach (var port in Yaml.SeqAt(policy.Root, "spec", "ingress").SelectMany(rule => Yaml.SeqAt(rule, "ports")))
            {
                var number = Yaml.Str(port, "port")!;
                Assert.All(selected, w => Assert.True(ContainerPort(w, number) is not null, $"{policy}: port {number} is not opened by {w}"));
            }
        }
    }

    [KubectlFact]
    public void EveryContainerRunsAsNonRootWithRequestsLimitsAndATaggedImage()
    {
        foreach (var workload in Keda.Dev().Concat(Keda.Storage()).Workloads())
        {
            var pod = workload.PodSpec!;
            Assert.Equal("true", Yaml.Str(pod, "securityContext", "runAsNonRoot"));
            Assert.NotEqual("0", Yaml.Str(pod, "securityContext", "runAsUser") ?? "0");
            Assert.Equal("false", Yaml.Str(pod, "automountServiceAccountToken"));
            foreach (var container in workload.Containers)
            {
                var name = $"{workload}, container {Yaml.Str(container, "name")}";
                Assert.True(Yaml.Str(container, "securityContext", "allowPrivilegeEscalation") == "false", name);
                Assert.True(Yaml.Str(container, "securityContext", "readOnlyRootFilesystem") == "true", name);
                Assert.Contains("ALL", Yaml.SeqAt(container, "securityContext", "capabilities", "drop").Cast<string>());
                foreach (var part in new[] { "requests", "limits" })
                {
                    foreach (var resource in new[] { "cpu", "memory" })
                    {
                        Assert.True(Yaml.Str(container, "resources", part, resource) is not null, $"{name}: no {part}.{resource}");
                    }
                }

                var (_, tag) = Keda.SplitImage(Yaml.Str(container, "image")!);
                Assert.True(tag is not null and not "latest", $"{name}: image {Yaml.Str(container, "image")} has no fixed tag");
                // A read-only root needs a writable /tmp (the runtime and mc write there).
                Assert.Contains(Yaml.SeqAt(container, "volumeMounts"), m => Yaml.Str(m, "mountPath") == "/tmp");
            }
        }
    }

    /// <summary>The container port a Service or policy port means (by name or number), or null.</summary>
    internal static string? ContainerPort(KubeObject workload, string nameOrNumber) =>
        workload.Containers.SelectMany(c => Yaml.SeqAt(c, "ports"))
            .Where(p => Yaml.Str(p, "name") == nameOrNumber || Yaml.Str(p, "containerPort") == nameOrNumber)
            .Select(p => Yaml.Str(p, "containerPort"))
            .FirstOrDefault();
}
