using System.Globalization;
using System.Text.RegularExpressions;
using NCrontab;

namespace Bench.FunctionsHost;

/// <summary>
/// Fires timer functions on their NCRONTAB (or hh:mm:ss) schedules, resolving %SETTING% names as the
/// host does. No storage-backed schedule monitor or singleton lease: a missed tick is not made up.
/// </summary>
public static partial class TimerSchedules
{
    public static Task RunAsync(FunctionsHost host, IReadOnlyDictionary<string, string?> settings, CancellationToken stopping)
    {
        var running = new List<Task>();
        foreach (var function in host.Functions.Where(f => f.Timer is not null))
        {
            try
            {
                var schedule = Resolve(function.Timer!.Schedule, settings);
                Next(schedule, DateTime.UtcNow);
                running.Add(RunOneAsync(host, function, schedule, stopping));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                // As the host does, a bad schedule takes out that function only.
                host.Log.Add($"[host] timer {function.Name} is not scheduled: {e.Message}");
            }
        }

        return Task.WhenAll(running);
    }

    /// <summary>Replaces %NAME% with the setting (or environment variable) NAME.</summary>
    public static string Resolve(string schedule, IReadOnlyDictionary<string, string?> settings) => SettingName().Replace(schedule, match =>
    {
        var name = match.Groups[1].Value;
        return (settings.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name))
            ?? throw new InvalidOperationException($"the timer schedule names the setting {name}, which is not set");
    });

    /// <summary>The next occurrence after <paramref name="after"/> (UTC).</summary>
    public static DateTime Next(string schedule, DateTime after)
    {
        if (TimeSpan.TryParse(schedule, CultureInfo.InvariantCulture, out var interval))
        {
            return after + interval;
        }

        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var cron = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 })
            ?? throw new FormatException($"'{schedule}' is neither an NCRONTAB expression nor a TimeSpan");
        return cron.GetNextOccurrence(after);
    }

    private static async Task RunOneAsync(FunctionsHost host, HostedFunction function, string schedule, CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                var now = DateTime.UtcNow;
                await Task.Delay(Next(schedule, now) - now, stopping);
                try
                {
                    await host.InvokeTimerAsync(function.Name, cancel: stopping);
                    host.Log.Add($"[host] timer {function.Name} ran ({schedule})");
                }
                catch (Exception e) when (e is FunctionFailedException or IOException or TimeoutException or InvalidOperationException)
                {
                    host.Log.Add($"[host] timer {function.Name} failed: {e.Message}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingName();
}
