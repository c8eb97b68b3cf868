using System.Text.RegularExpressions;

namespace Bench.Functions.Tests.Deployment;

/// <summary>Matching request paths against Ingress paths and the app's route patterns.</summary>
public static partial class HttpPaths
{
    /// <summary>
    /// Kubernetes Ingress semantics: Exact is the whole path; Prefix matches element by element
    /// (<c>/auth</c> matches <c>/auth</c> and <c>/auth/login</c>, not <c>/authx</c>).
    /// ImplementationSpecific is taken as Prefix, which is what Traefik does and matches the most.
    /// </summary>
    public static bool IngressMatches(string ingressPath, string pathType, string requestPath)
    {
        if (pathType == "Exact")
        {
            return requestPath == ingressPath;
        }

        var prefix = ingressPath.TrimEnd('/');
        return prefix.Length == 0
            || requestPath == prefix
            || requestPath.StartsWith(prefix + "/", StringComparison.Ordinal);
    }

    /// <summary>Every (path, pathType, backend service, backend port) of an Ingress.</summary>
    public static IEnumerable<(string Path, string PathType, string Service, string Port)> Rules(KubeObject ingress) =>
        Yaml.SeqAt(ingress.Root, "spec", "rules").SelectMany(rule => Yaml.SeqAt(rule, "http", "paths")).Select(p => (
            Yaml.Str(p, "path") ?? "/",
            Yaml.Str(p, "pathType") ?? throw new InvalidDataException($"{ingress}: a path has no pathType"),
            Yaml.Str(p, "backend", "service", "name") ?? throw new InvalidDataException($"{ingress}: a path has no backend service"),
            Yaml.Str(p, "backend", "service", "port", "name") ?? Yaml.Str(p, "backend", "service", "port", "number")
                ?? throw new InvalidDataException($"{ingress}: a path has no backend port")));

    /// <summary>Whether any rule of <paramref name="ingress"/> routes <paramref name="requestPath"/>.</summary>
    public static bool Routes(KubeObject ingress, string requestPath) =>
        Rules(ingress).Any(r => IngressMatches(r.Path, r.PathType, requestPath));

    /// <summary>
    /// A concrete request path for a route pattern: parameters become a sample segment, optional ones
    /// are left out, constraints are dropped (<c>/openapi/{documentName}.json</c> -> <c>/openapi/x.json</c>).
    /// </summary>
    public static string Sample(string pattern)
    {
        var path = OptionalParameter().Replace(pattern, "");
        path = Parameter().Replace(path, "x");
        path = Slashes().Replace(path, "/");
        return path.Length > 1 ? path.TrimEnd('/') : "/";
    }

    /// <summary>Whether a route pattern serves <paramref name="requestPath"/> (parameters match one segment).</summary>
    public static bool PatternMatches(string pattern, string requestPath)
    {
        var regex = "^" + string.Concat(Regex.Split(pattern.TrimEnd('/'), @"(\{[^}]*\})").Select(part =>
            part.StartsWith('{') ? (part.EndsWith("?}", StringComparison.Ordinal) ? "[^/]*" : "[^/]+") : Regex.Escape(part))) + "/?$";
        return Regex.IsMatch(requestPath, regex);
    }

    [GeneratedRegex(@"/?\{[^}]*\?\}")]
    private static partial Regex OptionalParameter();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();

    [GeneratedRegex("/{2,}")]
    private static partial Regex Slashes();
}
