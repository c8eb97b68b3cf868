using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime;

namespace Bench.Functions.Cli;

/// <summary>
/// The command line: one <see cref="RootCommand"/> with a subcommand per verb, each defined in its own file.
/// Exit codes: 0 ok, 1 failed (per command), 2 bad usage, 130 cancelled with Ctrl-C.
/// </summary>
internal static class CliApp
{
    public const string Description = "Bench: energy, time, cost and CO2 of Slurm jobs from their HDF5 profiles.";

    /// <summary>Adding a command is one file with a <c>Create()</c> and one line here (the order is the help's).</summary>
    private static Command[] Commands() =>
    [
        AnalyzeCommand.Create(),
        CompareCommand.Create(),
        QueryCommand.Create(),
        SampleCommand.Create(),
        BenchmarkCommand.Create(),
        MigrateCommand.Create(),
        RescanCommand.Create(),
        ReanalyzeCommand.Create(),
        ImportUsersCommand.Create(),
        BenchAuthCommand.Create(),
    ];

    private static readonly string[] HelpAndVersion = ["-h", "--help", "-?", "/?", "/h", "--version"];

    public static RootCommand CreateRoot()
    {
        var root = new RootCommand(Description);
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>True when <paramref name="args"/> are for the CLI: a verb, help, version or a directive such as <c>[suggest]</c>.</summary>
    public static bool IsCommand(string[] args)
    {
        if (args.Length == 0)
        {
            return false;
        }

        var first = args[0];
        var root = CreateRoot();
        return HelpAndVersion.Contains(first, StringComparer.Ordinal)
            || root.Subcommands.Any(c => c.Name == first || c.Aliases.Contains(first))
            || root.Directives.Any(d => first == $"[{d.Name}]" || first.StartsWith($"[{d.Name}:", StringComparison.Ordinal));
    }

    /// <summary>Parses without running: what tests and <see cref="RunAsync"/> look at.</summary>
    public static ParseResult Parse(params string[] args) => CreateRoot().Parse(args);

    public static async Task<int> RunAsync(string[] args)
    {
        var result = Parse(args);
        if (result.Action is ParseErrorAction)
        {
            UsageErrors.Print(result, Console.Error, showHelp: args.Length == 0);
            return UsageErrors.ExitCode;
        }

        // A CLI verb is a batch job: blocking gen2 collections, not background ones competing for the cores,
        // free the large arrays of analysed nodes at once (peak RSS; docs/benchmarks.md#analysis).
        GCSettings.LatencyMode = GCLatencyMode.Batch;

        // Ctrl-C stays with each command's ConsoleCancellation (exit 130); serve keeps the host's own SIGTERM handling.
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await result.InvokeAsync(configuration).ConfigureAwait(false);
    }
}
