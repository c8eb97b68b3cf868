namespace Bench.Functions.Cli;

/// <summary>Dispatches the first argument to a command; each command lives in its own file.</summary>
internal static class CliApp
{
    private static readonly HashSet<string> Verbs =
        ["analyze", "query", "sample", "benchmark", "migrate", "rescan", "bench-auth", "-h", "--help", "help", "--version"];

    /// <summary>True when the arguments name a CLI command; anything else starts the Functions worker.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage();
            return args.Length == 0 ? 2 : 0;
        }

        var rest = args[1..];
        return args[0] switch
        {
            "analyze" => await AnalyzeCommand.RunAsync(rest).ConfigureAwait(false),
            "sample" => await SampleCommand.RunAsync(rest).ConfigureAwait(false),
            "benchmark" => await BenchmarkCommand.RunAsync(rest).ConfigureAwait(false),
            "query" => await QueryCommand.RunAsync(rest).ConfigureAwait(false),
            "migrate" => await MigrateCommand.RunAsync(rest).ConfigureAwait(false),
            "rescan" => await RescanCommand.RunAsync(rest).ConfigureAwait(false),
            "bench-auth" => BenchAuthCommand.Run(rest),
            "--version" => PrintVersion(),
            _ => Unknown(args[0]),
        };
    }

    private static int PrintVersion()
    {
        Console.WriteLine(typeof(CliApp).Assembly.GetName().Version);
        return 0;
    }

    private static int Unknown(string command)
    {
        Console.Error.WriteLine($"bench: unknown command '{command}'. Run with --help for the list.");
        return 2;
    }

    private static void PrintUsage()
    {
        Console.WriteLine("""
            Bench: energy, time, cost and CO2 of Slurm jobs from their HDF5 profiles.

            Commands:
              analyze <file|dir>... [--json] [--db results.duckdb]   analyse profiles and print the figures
                      [--price SPEC] [--carbon SPEC]
              query <results.duckdb> "<sql>"                          query a results file (read-only)
              sample <out.h5> [options]                               write a synthetic Slurm profile
              benchmark read|analyze <file.h5> [--db PATH]            one measured pass (scripts/bench-analyze.sh)
              migrate                                                 apply the database migrations and exit
              rescan                                                  queue every .h5 object without a job, once (NightlyRescan)
              bench-auth [--seconds N]                                measure PBKDF2 password hashes per second
            """);
    }
}
