using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bench.Functions.Tests.Contract;

/// <summary>
/// Compares the contract (openapi.json) with the functions (functions.metadata + host.json's route
/// prefix): every operation is a function and every HTTP function is an operation, with the same
/// path, method, auth level, and the function's name as the operationId.
/// </summary>
public static partial class ContractDrift
{
    /// <summary>host.json's extensions.http.routePrefix; the Functions host's default is "api".</summary>
    public static string RoutePrefix(string hostJson)
    {
        var prefix = JsonNode.Parse(hostJson)?["extensions"]?["http"]?["routePrefix"];
        return prefix is null ? "api" : (string?)prefix ?? "";
    }

    /// <summary>
    /// The OpenAPI path a function's route serves: the prefix joined, constraints and defaults dropped,
    /// a catch-all <c>{*path}</c> as a plain parameter (<c>docs/{*path}</c> -> <c>/docs/{path}</c>).
    /// </summary>
    public static string OpenApiPath(string routePrefix, string route)
    {
        // The host cannot route an empty template: "{ignored:maxlength(0)?}" is how a function serves the root.
        route = EmptyOnly().Replace(route, "");
        var path = "/" + string.Join('/', new[] { routePrefix.Trim('/'), route.Trim('/') }.Where(p => p.Length > 0));
        return RouteParameter().Replace(path, m => "{" + m.Groups["name"].Value + "}");
    }

    /// <summary>
    /// What differs, one line each; empty when the contract and the functions agree. Functions named in
    /// <paramref name="notOperations"/> are left out on purpose, and must exist.
    /// </summary>
    public static IReadOnlyList<string> Find(IReadOnlyList<ContractOperation> operations, IReadOnlyList<HttpFunction> functions, string routePrefix, IReadOnlyCollection<string>? notOperations = null)
    {
        var problems = new List<string>();
        notOperations ??= [];
        problems.AddRange(notOperations.Where(n => functions.All(f => f.Name != n))
            .Select(n => $"{n} is listed under {OpenApiContract.NotOperationsExtension} but is no HTTP function"));
        var served = functions
            .Where(f => !notOperations.Contains(f.Name))
            .SelectMany(f => (f.Methods.Count == 0 ? ["*"] : f.Methods).Select(m => (Path: OpenApiPath(routePrefix, f.Route), Method: m, Function: f)))
            .ToList();

        foreach (var operation in operations)
        {
            var matches = served.Where(s => s.Path == operation.Path && (s.Method == operation.Method || s.Method == "*")).ToList();
            if (matches.Count == 0)
            {
                var samePath = served.Where(s => s.Path == operation.Path).Select(s => s.Method).ToList();
                problems.Add(samePath.Count > 0
                    ? $"{operation.Method} {operation.Path} ({operation.OperationId}): the function at that path takes {string.Join(", ", samePath)}, not {operation.Method}"
                    : $"{operation.Method} {operation.Path} ({operation.OperationId}): no function serves this path");
                continue;
            }

            if (matches.Count > 1)
            {
                problems.Add($"{operation.Method} {operation.Path}: served by several functions ({string.Join(", ", matches.Select(m => m.Function.Name))})");
            }

            var function = matches[0].Function;
            if (function.Name != operation.OperationId)
            {
                problems.Add($"{operation.Method} {operation.Path}: operationId {operation.OperationId} but the function is {function.Name}");
            }

            if (!string.Equals(function.AuthLevel, operation.AuthLevel, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{operation.Method} {operation.Path} ({function.Name}): auth level {function.AuthLevel} in the function, {operation.AuthLevel ?? "none"} in {OpenApiContract.AuthLevelExtension}");
            }
        }

        foreach (var (path, method, function) in served)
        {
            var documented = operations.Any(o => o.Path == path && (o.Method == method || method == "*"));
            if (!documented)
            {
                problems.Add($"{method} {path} (function {function.Name}, route '{function.Route}'): not in openapi.json");
            }
        }

        return problems;
    }

    [GeneratedRegex(@"\{[A-Za-z_][A-Za-z0-9_]*:maxlength\(0\)\?\}")]
    private static partial Regex EmptyOnly();

    // {name}, {name:constraint}, {name?}, {name=default}, {*name}, {**name}
    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial Regex RouteParameter();
}
