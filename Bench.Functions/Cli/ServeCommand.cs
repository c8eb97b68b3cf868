using Bench.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Cli;

/// <summary>
/// <c>serve [--role all|api|analysis] [--urls http://127.0.0.1:PORT]</c>: runs the function app.
/// Under the Functions host it listens on FUNCTIONS_CUSTOMHANDLER_PORT instead of --urls.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rest = new List<string>();
        var role = ServeRole.All;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--role")
            {
                if (i + 1 >= args.Length || !Enum.TryParse(args[++i], ignoreCase: true, out role) || !Enum.IsDefined(role))
                {
                    Console.Error.WriteLine("bench serve: --role must be all, api or analysis.");
                    return 2;
                }
            }
            else
            {
                rest.Add(args[i]);
            }
        }

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
