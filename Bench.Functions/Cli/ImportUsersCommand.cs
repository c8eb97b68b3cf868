using System.CommandLine;
using System.Globalization;
using Bench.Functions.Auth;
using Bench.Functions.Data;
using Bench.Functions.Hosting;
using Npgsql;

namespace Bench.Functions.Cli;

/// <summary>
/// <c>import-users &lt;users.txt&gt;</c>: creates the accounts of the Python system's users file in POSTGRES_*
/// (migrating first). Skipped lines go to stderr with their number and reason, the summary to stdout.
/// </summary>
internal static class ImportUsersCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("users.txt") { Description = "the Python system's users file: one username:hash line per account" }.RejectUnknownOptions();
        var command = new Command(
            "import-users",
            "Import the Python system's accounts (username:hash lines) into POSTGRES_*; hashes become PBKDF2 at first login.\n"
            + "Exit code: 0 file read (skipped lines reported), 1 file or database unreadable, 2 bad usage or configuration, 130 cancelled.")
        { file };
        command.SetAction(result => RunAsync(result.GetValue(file)!));
        return command;
    }

    private static async Task<int> RunAsync(string path)
    {
        var counts = new UserImportCounts();
        using var cancel = new ConsoleCancellation();
        try
        {
            using var reader = UsersFile.Open(path);
            // No host arguments (the settings come from the environment); stdout is the summary, log lines are problems only and go to stderr.
            using var app = CliHost.Build([], builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            });
            var services = app.Services;
            await services.GetRequiredService<Migrator>().MigrateAsync(Migration.LoadEmbedded(), cancel.Token).ConfigureAwait(false);
            var importer = new UserImporter(services.GetRequiredService<NpgsqlDataSource>());
            await importer.ImportAsync(UsersFile.Read(reader), counts, s => Console.Error.WriteLine($"{path}:{s.Line}: skipped: {s.Reason}"), cancel.Token).ConfigureAwait(false);
            Console.WriteLine(Summary(path, counts));
            return 0;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"bench import-users: cancelled after line {counts.Lines}; {Summary(path, counts)}");
            return 130;
        }
        catch (Exception e) when (StartupErrors.ConfigurationErrors(e) is { Count: > 0 } errors)
        {
            Console.Error.WriteLine("bench import-users: the configuration is not usable:");
            errors.ForEach(error => Console.Error.WriteLine("  - " + error));
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"bench import-users: cannot read {path}: {e.Message}{Progress(path, counts)}");
            return 1;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"bench import-users: {e.GetType().Name}: {e.Message}{Progress(path, counts)}");
            return 1;
        }
    }

    /// <summary>What was committed before a failure, when anything was.</summary>
    private static string Progress(string path, UserImportCounts counts) =>
        counts.Lines == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; stopped after line {counts.Lines}: {Summary(path, counts)}");

    private static string Summary(string path, UserImportCounts counts) => string.Create(
        CultureInfo.InvariantCulture,
        $"{path}: imported {counts.Imported} users, skipped {counts.Skipped} lines ({counts.AlreadyImported} already imported).");
}
