using Bench.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// The real app (BenchApp.Build) with a configuration made of the given settings and nothing else: no
/// environment variables, no files. Nothing is started: no server, no database, no queue.
/// </summary>
public static class AppStart
{
    /// <summary>What start-up validation says about these settings: empty when the app would start.</summary>
    public static IReadOnlyList<string> Failures(IReadOnlyDictionary<string, string?> settings, ServeRole role)
    {
        try
        {
            using var app = Build(settings, role);
            // The same check the host runs first in StartAsync (every ValidateOnStart option).
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (Exception e) when (Bench.Functions.Cli.ServeCommand.ConfigurationErrors(e) is { Count: > 0 } errors)
        {
            return errors;
        }
    }

    /// <summary>The routes the role serves: pattern and HTTP methods, from the app's own route table.</summary>
    public static List<(string Pattern, IReadOnlyList<string> Methods)> Routes(IReadOnlyDictionary<string, string?> settings, ServeRole role)
    {
        using var app = Build(settings, role);
        return ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => ("/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                (IReadOnlyList<string>)(e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).ToList()))
            .ToList();
    }

    private static WebApplication Build(IReadOnlyDictionary<string, string?> settings, ServeRole role) =>
        BenchApp.Build([], role: role, configure: builder =>
        {
            // Only what the manifests give: the test process's own environment must not help.
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
        });
}
