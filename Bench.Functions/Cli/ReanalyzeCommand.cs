using System.CommandLine;
using System.Text.RegularExpressions;
using Bench.Functions.Data;
using Bench.Functions.Hosting;
using Bench.Functions.Jobs;
using Npgsql;

namespace Bench.Functions.Cli;

/// <summary>
/// <c>reanalyze</c>: analyse stored uploads again with this version of the pipeline (every user's, one
/// user's, or one Slurm job's): their finished <c>analysis_jobs</c> rows go back to queued and onto the
/// queue. Exit 0 done, 1 failed (or some messages not confirmed), 2 bad usage or configuration.
/// </summary>
internal static partial class ReanalyzeCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all") { Description = "every user's uploads" };
        var user = new Option<string?>("--user") { Description = "one user's uploads", HelpName = "NAME" };
        var job = new Option<string?>("--job")
        {
            Description = "with --user: one Slurm job's uploads, as the API names it: <slurm_job_id> or <slurm_job_id>@<cluster>",
            HelpName = "ID",
        };
        var command = new Command(
            "reanalyze",
            "Analyse stored uploads again (POSTGRES_*, RabbitMQ): finished ones go back on the queue.\nExit code: 0 done, 1 failed or not all published, 2 bad usage or configuration.")
        {
            all, user, job,
        };
        command.Validators.Add(result =>
        {
            var everyone = result.GetValue(all);
            var name = result.GetValue(user);
            if (everyone == (name is not null))
            {
                result.AddError("give --all, or --user NAME (optionally with --job ID)");
            }

            if (result.GetValue(job) is not null && name is null)
            {
                result.AddError("--job needs --user: Slurm job ids are per user");
            }
            else if (result.GetValue(job) is { } given && !JobId().IsMatch(given))
            {
                result.AddError($"--job must be <slurm_job_id> or <slurm_job_id>@<cluster>, got '{given}'");
            }
        });
        command.SetAction(result => RunAsync(ScopeOf(result.GetValue(user), result.GetValue(job))));
        return command;
    }

    /// <summary>What the options select; <paramref name="job"/> was validated as <c>&lt;id&gt;[@&lt;cluster&gt;]</c>.</summary>
    internal static ReanalyzeScope ScopeOf(string? user, string? job)
    {
        if (user is null)
        {
            return ReanalyzeScope.All;
        }

        if (job is null)
        {
            return new ReanalyzeScope(user);
        }

        var at = job.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? new ReanalyzeScope(user, "", job) : new ReanalyzeScope(user, job[(at + 1)..], job[..at]);
    }

    private static async Task<int> RunAsync(ReanalyzeScope scope)
    {
        try
        {
            // The report goes to stdout; log lines to stderr.
            using var app = CliHost.Build([], builder => builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
                o => o.LogToStandardErrorThreshold = LogLevel.Trace));
            var services = app.Services;
            await services.GetRequiredService<Migrator>().MigrateAsync(Migration.LoadEmbedded(), CancellationToken.None).ConfigureAwait(false);
            var report = await ActivatorUtilities.CreateInstance<ReanalyzeService>(services).RunAsync(scope, CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine(report.ToString());
            return report.Published == report.Queued ? 0 : 1;
        }
        catch (Exception e) when (StartupErrors.ConfigurationErrors(e) is { Count: > 0 } errors)
        {
            Console.Error.WriteLine("bench reanalyze: the configuration is not usable:");
            errors.ForEach(error => Console.Error.WriteLine("  - " + error));
            return 2;
        }
        catch (Exception e) when (e is NpgsqlException or HttpRequestException or InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"bench reanalyze: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    [GeneratedRegex(@"^[0-9]+(@[A-Za-z0-9._-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JobId();
}
