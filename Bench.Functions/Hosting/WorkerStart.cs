namespace Bench.Functions.Hosting;

/// <summary>
/// Runs the worker until the host stops it. A configuration that cannot work ends the process with exit
/// code 2 and one line per bad setting; any other start-up failure with 1 and its reason.
/// </summary>
internal static class WorkerStart
{
    public static async Task<int> RunAsync(IHost host)
    {
        using (host)
        {
            try
            {
                await host.RunAsync().ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (StartupErrors.ConfigurationErrors(e) is { Count: > 0 } errors)
            {
                await Console.Error.WriteLineAsync("bench worker: the configuration is not usable:").ConfigureAwait(false);
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync("  - " + error).ConfigureAwait(false);
                }

                return 2;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Start-up failures (database unreachable, migration refused) end here with their reason.
                await Console.Error.WriteLineAsync($"bench worker: failed to start: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        }
    }
}
