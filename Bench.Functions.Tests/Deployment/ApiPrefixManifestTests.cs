using Bench.Functions.Tests.Hdf5;

namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// The edge's <c>/api</c>: the real client calls <c>&lt;server&gt;/api/...</c>; the k3s Ingress routes every
/// public route under <c>/api</c> through Traefik's stripPrefix Middleware to the app's root route, and
/// nothing internal (webhook, metrics, readiness) under <c>/api</c> or at the root. Checked on what
/// <c>kubectl kustomize keda/overlays/dev</c> renders, with Traefik's stripPrefix applied by hand.
/// </summary>
public sealed class ApiPrefixManifestTests : IDisposable
{
    private const string Prefix = "/api";
    private const string MiddlewareAnnotation = "traefik.ingress.kubernetes.io/router.middlewares";

    private readonly TempDirectory _mounts = new();
    private readonly List<KubeObject> _objects = Keda.Dev();

    public void Dispose() => _mounts.Dispose();

    private List<KubeObject> Ingresses => _objects.Where(o => o.Kind == "Ingress").ToList();

    [KubectlFact]
    public void TheStripMiddlewareIsTraefiksStripPrefixOfApiInTheAppsNamespace()
    {
        var middleware = Assert.Single(_objects, o => o.Kind == "Middleware");
        Assert.Equal("traefik.io/v1alpha1", middleware.ApiVersion);
        Assert.Equal("bench", middleware.Namespace);
        Assert.Equal([Prefix], Yaml.SeqAt(middleware.Root, "spec", "stripPrefix", "prefixes").Cast<string>());
        // Nothing else in the spec: no regex, no other rewriting.
        Assert.Equal(["stripPrefix"], Yaml.MapAt(middleware.Root, "spec")!.Keys);
    }

    [KubectlFact]
    public void OnlyTheApiIngressUsesTheMiddlewareAndEveryOneOfItsRulesIsUnderApi()
    {
        var stripping = Ingresses.Where(i => Middlewares(i).Count > 0).ToList();
        var api = Assert.Single(stripping);
        Assert.Equal([MiddlewareReference(_objects.Single(o => o.Kind == "Middleware"))], Middlewares(api));
        Assert.All(HttpPaths.Rules(api), r =>
        {
            Assert.True(r.Path == Prefix || r.Path.StartsWith(Prefix + "/", StringComparison.Ordinal), $"{api}: {r.Path} is not under {Prefix}");
            Assert.Equal("bench-api", r.Service);
        });

        // And no rule of any other Ingress is under /api: what it routes would reach the app unstripped.
        Assert.All(Ingresses.Where(i => i != api).SelectMany(HttpPaths.Rules), r => Assert.False(HttpPaths.IngressMatches(r.Path, r.PathType, Prefix + "/x")));
    }

    [KubectlFact]
    public void EveryPublicRouteIsReachableUnderApiAndArrivesAtTheAppsOwnRoute()
    {
        var routes = ApiRoutes();
        var publicPaths = routes.Select(r => HttpPaths.Sample(r.Pattern)).Distinct().Except(Contract.InternalRoutes).ToList();
        // The client's calls, as it sends them.
        Assert.Contains("/auth/register", publicPaths);
        Assert.Contains("/storage/presign/upload", publicPaths);

        foreach (var path in publicPaths.Append("/openapi/v1.json").Append("/docs/swagger-ui-bundle.js"))
        {
            var request = path == "/" ? Prefix + "/" : Prefix + path;
            var arrives = Arrives(request);
            Assert.True(arrives.Count > 0, $"no Ingress routes {request}");
            Assert.All(arrives, a => Assert.Equal(path, a));
            Assert.True(routes.Any(r => HttpPaths.PatternMatches(r.Pattern, path)), $"{request} arrives as {path}, which the api role does not serve");
        }

        // The bare prefix is the root too (Traefik's stripPrefix leaves "/").
        Assert.Equal(["/"], Arrives(Prefix));
    }

    [KubectlFact]
    public void TheClientsExactRequestsAreRouted()
    {
        foreach (var request in new[] { "/api/auth/register", "/api/auth/password", "/api/auth/refresh", "/api/storage/presign/upload", "/api/storage/list", "/api/jobs", "/api/uploads", "/api/benchmarks/x/runs", "/api/ui/", "/api/openapi.json" })
        {
            Assert.Equal([request[Prefix.Length..]], Arrives(request));
        }
    }

    [KubectlFact]
    public void NothingInternalIsReachableUnderApiOrAtTheRoot()
    {
        foreach (var route in Contract.InternalRoutes)
        {
            foreach (var request in new[] { route, route + "/x", Prefix + route, Prefix + route + "/x", Prefix + Prefix + route })
            {
                Assert.True(Arrives(request).Count == 0, $"an Ingress routes {request} (to {string.Join(", ", Arrives(request))})");
            }
        }

        // No catch-all anywhere: a Prefix "/" or "/api" rule would route the webhook.
        Assert.DoesNotContain(Ingresses.SelectMany(HttpPaths.Rules), r => r.PathType != "Exact" && (r.Path.TrimEnd('/').Length == 0 || r.Path.TrimEnd('/') == Prefix));
    }

    [KubectlFact]
    public void EveryIngressBackendIsTheApiServiceOnAPortItHas()
    {
        var service = _objects.Find("Service", "bench-api", "bench");
        foreach (var ingress in Ingresses)
        {
            Assert.Equal("traefik", Yaml.Str(ingress.Root, "spec", "ingressClassName"));
            Assert.All(HttpPaths.Rules(ingress), r =>
            {
                Assert.Equal(service.Name, r.Service);
                Assert.Contains(Yaml.SeqAt(service.Root, "spec", "ports"), p => Yaml.Str(p, "name") == r.Port || Yaml.Str(p, "port") == r.Port);
            });
        }
    }

    [KubectlTheory]
    [InlineData("/api/auth/login", "/auth/login")]
    [InlineData("/api", "/")]
    [InlineData("/api/", "/")]
    [InlineData("/apix/auth", "/apix/auth")]
    [InlineData("/auth", "/auth")]
    public void StripPrefixRemovesApiAsTraefikDoes(string request, string expected) =>
        Assert.Equal(expected, StripPrefix(request));

    /// <summary>The paths the app sees for <paramref name="request"/>: one per Ingress rule that routes it.</summary>
    private List<string> Arrives(string request) =>
        Ingresses.SelectMany(i => HttpPaths.Rules(i).Where(r => HttpPaths.IngressMatches(r.Path, r.PathType, request))
            .Select(_ => Middlewares(i).Count > 0 ? StripPrefix(request) : request)).Distinct().ToList();

    // Traefik's stripPrefix: the prefix goes when the path starts with it; an empty rest becomes "/".
    private static string StripPrefix(string path)
    {
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || (path.Length > Prefix.Length && path[Prefix.Length] != '/'))
        {
            return path;
        }

        var rest = path[Prefix.Length..];
        return rest.Length == 0 ? "/" : rest;
    }

    private static List<string> Middlewares(KubeObject ingress) =>
        Yaml.Str(ingress.Root, "metadata", "annotations", MiddlewareAnnotation) is { } value
            ? [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
            : [];

    // How Traefik's Kubernetes Ingress provider names a Middleware CRD: <namespace>-<name>@kubernetescrd.
    private static string MiddlewareReference(KubeObject middleware) => $"{middleware.Namespace}-{middleware.Name}@kubernetescrd";

    private List<(string Pattern, IReadOnlyList<string> Methods)> ApiRoutes()
    {
        var workload = _objects.Find("Deployment", "bench-api");
        var env = SettingsCoverageTests.Environment(workload.Name!);
        return AppStart.Routes(PodEnvironment.AsSettings(env, workload.AppContainer(), _mounts.Path), workload.Role());
    }
}
