using System.CommandLine;
using Bench.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Cli;

/// <summary>
/// <c>serve [--role all|api|analysis] [--urls http://127.0.0.1:PORT]</c>: runs the function app.
/// Under the Functions host it listens on FUNCTIONS_CUSTOMHANDLER_PORT instead of --urls.
/// </summary>
internal static class ServeCommand
{
    private static readonly Dictionary<string, ServeRole> Roles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["all"] = ServeRole.All,
        ["api"] = ServeRole.Api,
        ["analysis"] = ServeRole.Analysis,
    };

    public static Command Create()
    {
        var role = CliOptions.Choice("--role", "ROLE", "api: HTTP functions, webhook, rescan timer; analysis: the queue consumer; all: both (default)", Roles);
        var urls = new Option<string?>("--urls") { Description = "where to listen, e.g. http://127.0.0.1:8080 (ignored under the Functions host)", HelpName = "URL" };
        var command = new Command("serve", "Run the function app (HTTP functions and the analysis consumer).\nExit code: 0 stopped, 1 failed to start, 2 bad configuration.")
        {
            role, urls,
        };

        // Further host settings (e.g. --environment Development) go to the ASP.NET Core host as today.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result =>
        {
            string[] hostArgs = result.GetValue(urls) is { } url ? ["--urls", url, .. result.UnmatchedTokens] : [.. result.UnmatchedTokens];
            return RunAsync(hostArgs, result.GetValue(role) ?? ServeRole.All);
        });
        return command;
    }

    private static async Task<int> RunAsync(string[] rest, ServeRole role)
    {
        try
        {
            var app = BenchApp.Build([.. rest], role: role);
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (ConfigurationErrors(e) is { Count: > 0 } errors)
        {
            Console.Error.WriteLine("bench serve: the configuration is not usable:");
            foreach (var error in errors)
            {
                Console.Error.WriteLine("  - " + error);
            }

            return 2;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Start-up failures (database unreachable, migration refused) end here with their reason.
            Console.Error.WriteLine($"bench serve: failed to start: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    /// <summary>The option validation failures inside <paramref name="exception"/>, each naming its variable.</summary>
    internal static List<string> ConfigurationErrors(Exception exception) => exception switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(ConfigurationErrors)],
        _ => [],
    };
}
