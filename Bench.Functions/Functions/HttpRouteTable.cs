using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Bench.Functions.Functions;

/// <summary>
/// The routes and methods of this assembly's HTTP functions, read from their [HttpTrigger] attributes
/// (the same ones the SDK writes into functions.metadata), to tell a wrong method from an unknown path.
/// </summary>
internal static class HttpRouteTable
{
    private static readonly Lazy<IReadOnlyList<(string[] Segments, string[] Methods)>> Routes = new(Read);

    /// <summary>The methods some function other than <see cref="FallbackFunctions"/> serves at <paramref name="path"/>, upper case.</summary>
    public static IReadOnlyList<string> MethodsAt(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return [.. Routes.Value.Where(r => Matches(r.Segments, segments)).SelectMany(r => r.Methods).Distinct().Order(StringComparer.Ordinal)];
    }

    private static List<(string[] Segments, string[] Methods)> Read() =>
        [.. typeof(HttpRouteTable).Assembly.GetTypes()
            .Where(t => t != typeof(FallbackFunctions))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.IsDefined(typeof(FunctionAttribute)))
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
            .OfType<HttpTriggerAttribute>()
            .Select(t => (
                (t.Route ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries),
                (t.Methods ?? []).Select(m => m.ToUpperInvariant()).ToArray()))];

    /// <summary>
    /// Literal segments match case-insensitively, <c>{name}</c> any one segment, a trailing catch-all
    /// <c>{*name}</c> the rest (none included); the root's <c>{ignored:maxlength(0)?}</c> matches only the empty path.
    /// </summary>
    private static bool Matches(string[] template, string[] path)
    {
        var parameters = template.Where(s => !s.Contains(":maxlength(0)", StringComparison.Ordinal)).ToArray();
        if (parameters.Length > 0 && parameters[^1].StartsWith("{*", StringComparison.Ordinal))
        {
            parameters = parameters[..^1];
            path = path.Length >= parameters.Length ? path[..parameters.Length] : path;
        }

        if (parameters.Length != path.Length)
        {
            return false;
        }

        return parameters.Zip(path).All(p => p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
    }
}
