using Bench.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// The worker's service registration (AddBenchWorker) with a configuration made of the given settings and
/// nothing else: no environment variables, no files. Nothing is started: no host, no database, no queue.
/// </summary>
public static class AppStart
{
    /// <summary>What start-up validation says about these settings: empty when the worker would start.</summary>
    public static IReadOnlyList<string> Failures(IReadOnlyDictionary<string, string?> settings, ServeRole role)
    {
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(role.With(settings)).Build();
            using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddBenchWorker(configuration).BuildServiceProvider();
            // The same check the host runs first in StartAsync (every ValidateOnStart option).
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (Exception e) when (StartupErrors.ConfigurationErrors(e) is { Count: > 0 } errors)
        {
            return errors;
        }
    }

    /// <summary>The HTTP routes the role serves: pattern and methods, from the worker's functions.metadata less disabled functions.</summary>
    public static List<(string Pattern, IReadOnlyList<string> Methods)> Routes(IReadOnlyDictionary<string, string?> settings, ServeRole role)
    {
        var effective = role.With(settings);
        return [.. FunctionsMetadata.Read()
            .Where(f => f.Trigger.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase))
            // The catch-all Fallback (404/405 problems) has no path of its own to route or probe.
            .Where(f => f.Route?.StartsWith("{*", StringComparison.Ordinal) != true)
            .Where(f => !(effective.TryGetValue($"AzureWebJobs.{f.Name}.Disabled", out var disabled) && string.Equals(disabled, "true", StringComparison.OrdinalIgnoreCase)))
            .Select(f => ("/" + (f.Route == "{ignored:maxlength(0)?}" ? "" : f.Route ?? f.Name), f.Methods))];
    }
}
