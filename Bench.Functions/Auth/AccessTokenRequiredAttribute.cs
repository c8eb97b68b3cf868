using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Bench.Functions.Auth;

/// <summary>The function (or every function of the class) answers only requests with a valid access token.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
internal sealed class AccessTokenRequiredAttribute : Attribute
{
    private static readonly ConcurrentDictionary<string, bool> Required = new();

    /// <summary>Whether the invoked function carries the attribute, found from its entry point once per function.</summary>
    public static bool IsRequiredFor(FunctionContext context) =>
        Required.GetOrAdd(context.FunctionId, static (_, definition) => IsRequiredFor(definition.EntryPoint), context.FunctionDefinition);

    /// <summary>Whether the method named by an entry point ("Namespace.Class.Method") or its class carries the attribute.</summary>
    public static bool IsRequiredFor(string entryPoint)
    {
        var dot = entryPoint.LastIndexOf('.');
        var type = typeof(AccessTokenRequiredAttribute).Assembly.GetType(entryPoint[..dot], throwOnError: true)!;
        var method = type.GetMethod(entryPoint[(dot + 1)..], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            ?? throw new InvalidOperationException($"The entry point {entryPoint} does not exist.");
        return type.IsDefined(typeof(AccessTokenRequiredAttribute)) || method.IsDefined(typeof(AccessTokenRequiredAttribute));
    }
}
