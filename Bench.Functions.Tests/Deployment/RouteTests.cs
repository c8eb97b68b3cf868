using Bench.Functions.Hosting;
using Bench.Functions.Tests.Hdf5;

namespace Bench.Functions.Tests.Deployment;

/// <summary>Probes ask routes each role serves; the Ingress routes the public API and nothing internal.</summary>
public sealed class RouteTests : IDisposable
{
    private readonly TempDirectory _mounts = new();
    private readonly List<KubeObject> _objects = Keda.Dev();

    public void Dispose() => _mounts.Dispose();

    [KubectlTheory]
    [InlineData("bench-api")]
    [InlineData("bench-analysis")]
    public void EveryProbeAsksARouteTheRoleServesOnAPortTheContainerOpens(string deployment)
    {
        var workload = _objects.Find("Deployment", deployment);
        var container = workload.AppContainer();
        var routes = RoutesOf(workload);
        var probes = new[] { "startupProbe", "readinessProbe", "livenessProbe" }
            .Select(p => (Kind: p, Probe: Yaml.MapAt(container, p))).ToList();
        Assert.All(probes, p => Assert.NotNull(p.Probe));
        foreach (var (kind, probe) in probes)
        {
            var path = Yaml.Str(probe, "httpGet", "path")!;
            Assert.True(routes.Any(r => r.Methods.Contains("GET") && HttpPaths.PatternMatches(r.Pattern, path)),
                $"{deployment} {kind}: GET {path} is not a route of role {workload.Role()} ({string.Join(", ", routes.Select(r => r.Pattern))})");
            Assert.NotNull(ManifestStructureTests.ContainerPort(workload, Yaml.Str(probe, "httpGet", "port")!));
        }

        // Liveness is the process, readiness its dependencies (SERVICE_CONTRACT.md).
        Assert.Equal("/healthz", Yaml.Str(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", Yaml.Str(container, "readinessProbe", "httpGet", "path"));
    }

    [KubectlFact]
    public void TheIngressRoutesEveryPublicRouteOfTheApiRole()
    {
        var ingress = _objects.Find("Ingress", "bench-api");
        var routes = RoutesOf(_objects.Find("Deployment", "bench-api"));
        // The catch-all Fallback ({*path}) only answers what no route takes; routing it would be a catch-all Ingress.
        var publicPaths = routes.Where(r => !r.Pattern.StartsWith("/{*", StringComparison.Ordinal))
            .Select(r => HttpPaths.Sample(r.Pattern)).Distinct().Except(Contract.InternalRoutes).ToList();
        Assert.Contains("/auth/login", publicPaths);
        var unrouted = publicPaths.Where(p => !HttpPaths.Routes(ingress, p)).ToList();
        Assert.True(unrouted.Count == 0, "public routes the Ingress does not route: " + string.Join(", ", unrouted));
    }

    [KubectlFact]
    public void TheIngressRoutesNeitherTheWebhookNorMetricsNorReadiness()
    {
        var ingress = _objects.Find("Ingress", "bench-api");
        foreach (var path in Contract.InternalRoutes)
        {
            Assert.False(HttpPaths.Routes(ingress, path), $"the Ingress routes {path}");
            Assert.False(HttpPaths.Routes(ingress, path + "/x"), $"the Ingress routes below {path}");
        }

        // Nothing catches everything: a "/" Prefix rule would route the webhook too.
        Assert.DoesNotContain(HttpPaths.Rules(ingress), r => r.PathType != "Exact" && r.Path.TrimEnd('/').Length == 0);
    }

    [KubectlFact]
    public void MinioPostsToTheWebhookServiceOnTheAppsPrimaryWebhookRoute()
    {
        var job = Keda.Storage().Find("Job", "bench-minio-webhook", "storage");
        var endpoint = new Uri(JobEnv(job)["WEBHOOK_ENDPOINT"]);
        var host = endpoint.Host.Split('.');
        Assert.Equal(["svc", "cluster", "local"], host[2..]);
        var service = _objects.Find("Service", host[0], host[1]);
        Assert.Contains(Yaml.SeqAt(service.Root, "spec", "ports"), p => Yaml.Str(p, "port") == endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Contract.WebhookRoutes[0], endpoint.AbsolutePath);

        // The webhook Service reaches the pods that serve the webhook: the api role.
        var served = _objects.Workloads().Where(w => Keda.Selects(Yaml.StringMapAt(service.Root, "spec", "selector"), w.PodLabels)).ToList();
        Assert.All(served, w => Assert.Equal(ServeRole.Api, w.Role()));
        Assert.NotEmpty(served);
        // And it is not what the Ingress sends public traffic to.
        Assert.DoesNotContain(HttpPaths.Rules(_objects.Find("Ingress", "bench-api")), r => r.Service == service.Name);
    }

    [KubectlFact]
    public void TheApiRoleServesTheWebhookRoutes()
    {
        var routes = RoutesOf(_objects.Find("Deployment", "bench-api"));
        foreach (var path in Contract.WebhookRoutes)
        {
            Assert.True(routes.Any(r => r.Methods.Contains("POST") && HttpPaths.PatternMatches(r.Pattern, path)),
                $"POST {path} is not served by the api role");
        }
    }

    [KubectlTheory]
    [InlineData("/auth", "Prefix", "/auth", true)]
    [InlineData("/auth", "Prefix", "/auth/login", true)]
    [InlineData("/auth", "Prefix", "/authx", false)]
    [InlineData("/auth/", "Prefix", "/auth/login", true)]
    [InlineData("/", "Exact", "/", true)]
    [InlineData("/", "Exact", "/minio-event", false)]
    [InlineData("/", "Prefix", "/minio-event", true)]
    [InlineData("/minio", "ImplementationSpecific", "/minio/x", true)]
    [InlineData("/docs", "Exact", "/docs/x", false)]
    [InlineData("/openapi", "Prefix", "/openapi.json", false)]
    public void IngressPathsMatchAsKubernetesDefinesThem(string path, string type, string request, bool expected) =>
        Assert.Equal(expected, HttpPaths.IngressMatches(path, type, request));

    [KubectlTheory]
    [InlineData("/openapi/{documentName}.json", "/openapi/x.json")]
    [InlineData("/docs/{*path}", "/docs/x")]
    [InlineData("/{ignored:maxlength(0)?}", "/")]
    [InlineData("/jobs/{id:guid}/series", "/jobs/x/series")]
    [InlineData("/items/{id?}", "/items")]
    [InlineData("/", "/")]
    public void RoutePatternsBecomeConcretePaths(string pattern, string sample) =>
        Assert.Equal(sample, HttpPaths.Sample(pattern));

    internal static Dictionary<string, string> JobEnv(KubeObject job) =>
        Yaml.SeqAt(job.PodSpec, "containers").SelectMany(c => Yaml.SeqAt(c, "env"))
            .Where(e => Yaml.Str(e, "value") is not null)
            .ToDictionary(e => Yaml.Str(e, "name")!, e => Yaml.Str(e, "value")!);

    private List<(string Pattern, IReadOnlyList<string> Methods)> RoutesOf(KubeObject workload)
    {
        var env = SettingsCoverageTests.Environment(workload.Name!);
        return AppStart.Routes(PodEnvironment.AsSettings(env, workload.AppContainer(), _mounts.Path), workload.Role());
    }
}
