using System.Diagnostics;
using System.Text.RegularExpressions;
using Bench.Functions.Cli;
using Bench.Functions.Tests.Hdf5;

namespace Bench.Functions.Tests.Cli;

/// <summary>The command line as a user meets it: generated help, usage errors (exit 2) and shell completion.</summary>
public sealed class CommandLineTests : IDisposable
{
    // Written out here, not read from CliApp: a command dropped from the root must fail these tests.
    private static readonly string[] Verbs = ["analyze", "compare", "query", "sample", "benchmark", "migrate", "rescan", "reanalyze", "import-users", "bench-auth"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task HelpListsEveryCommand()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "--help");

        Assert.True(run.ExitCode == 0, run.Stderr);
        // One line per command, indented by two; a description's second line is indented further.
        var commands = Regex.Matches(run.Stdout[run.Stdout.IndexOf("Commands:", StringComparison.Ordinal)..], @"^  (\S+)", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(Verbs, commands);
    }

    [Fact]
    public async Task TheReadmeShowsTheHelpAsTheAppPrintsIt()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        const string prompt = "$ $B --help\n";
        var start = readme.IndexOf(prompt, StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md shows no `$ $B --help`");
        start += prompt.Length;
        var shown = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        var run = await CliProcess.RunAsync(_dir.Path, "--help");

        Assert.Equal(run.Stdout.TrimEnd(), shown.TrimEnd());
    }

    // In process: Program.cs hands arguments that are no verb to the Functions worker, not to the CLI.
    [Fact]
    public async Task WithoutACommandTheCliAsksForOneAndExitsWithTwo()
    {
        Assert.Equal(["Required command was not provided."], UsageErrors.Describe(CliApp.Parse()));
        Assert.Equal(2, await CliApp.RunAsync([]));
    }

    [Fact]
    public async Task AnUnknownCommandIsNamedAsOne()
    {
        Assert.Equal(["unknown command 'frobnicate'"], UsageErrors.Describe(CliApp.Parse("frobnicate", "x.h5")));
        Assert.Equal(2, await CliApp.RunAsync(["frobnicate"]));
    }

    [Fact]
    public async Task ACommandsHelpShowsItsOptionsAndDefaults()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "sample", "--help");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("sample <out.h5|out-dir> [options]", run.Stdout);
        Assert.Matches(@"--nodes <N>\s+compute nodes \[default: 2\]", run.Stdout);
        Assert.Matches(@"--task-interval <N>\s+task/filesystem/network sampling interval in seconds \[default: 30\]", run.Stdout);
        Assert.Matches(@"--plugin <PLUGIN>\s+energy plugin: ipmi \(default\), ipmi-sockets, xcc, rapl, gpu", run.Stdout);
        Assert.Contains("Exit code: 0 written, 1 failed, 2 bad usage, 130 cancelled.", run.Stdout);
    }

    [Theory]
    [InlineData(new[] { "sample", "x.h5", "--frobnicate" }, "bench sample: unknown option '--frobnicate'", "sample --help")]
    [InlineData(new[] { "sample", "x.h5", "--nodes", "0" }, "bench sample: --nodes must be between 1 and 100000 (got 0)", "sample --help")]
    [InlineData(new[] { "query", "results.duckdb" }, "bench query: Required argument 'sql' missing for command: 'query'.", "query --help")]
    [InlineData(new[] { "benchmark", "read" }, "bench benchmark read: Required argument 'file.h5' missing", "benchmark read --help")]
    [InlineData(new[] { "bench-auth", "--seconds", "0" }, "bench bench-auth: --seconds must be above 0 (got 0)", "bench-auth --help")]
    [InlineData(new[] { "migrate", "--now" }, "bench migrate: unknown option '--now'", "migrate --help")]
    [InlineData(new[] { "analyze", "x.h5", "--carbon", "smard" }, "bench analyze: --carbon 'smard': SMARD publishes prices, not carbon intensity", "analyze --help")]
    public async Task UsageErrorsExitWithTwoNameWhatIsWrongAndPointToTheHelp(string[] args, string message, string hint)
    {
        var run = await CliProcess.RunAsync(_dir.Path, args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(message, lines[0]);
        Assert.Contains(hint, lines[^1]);
    }

    [Fact]
    public async Task AQueryOnAMissingFileIsAFailureNotAUsageError()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "query", _dir.File("none.duckdb"), "SELECT 1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no such file", run.Stderr);
    }

    [Fact]
    public async Task CtrlCStopsACommandWithExitCode130AndRemovesItsPartFile()
    {
        var output = _dir.File("big.h5");
        // As a terminal's foreground job, SIGINT at its default: a test host started as a background job of a
        // non-interactive shell ignores it, and so would its children. env execs the app, so the pid is the app's.
        var start = new ProcessStartInfo("env", ["--default-signal=INT", Path.Combine(AppContext.BaseDirectory, "Bench.Functions"), "sample", output, "--nodes", "16", "--hours", "24", "--energy-interval", "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var sample = Process.Start(start)!;
        var stderr = sample.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (!File.Exists(output) && !sample.HasExited)
            {
                await Task.Delay(20, deadline.Token);
            }
        }

        Assert.False(sample.HasExited, "sample ended before it created its file");
        using (var kill = Process.Start("kill", ["-INT", sample.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await sample.WaitForExitAsync();
        Assert.Equal(130, sample.ExitCode);
        Assert.Contains("bench sample: cancelled", await stderr);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData(new[] { "analyze", "x.h5" }, true)]
    [InlineData(new[] { "bench-auth" }, true)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "-h" }, true)]
    [InlineData(new[] { "--version" }, true)]
    [InlineData(new[] { "[suggest:3]", "ana" }, true)]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:1" }, false)]
    [InlineData(new[] { "--functions-uri", "http://127.0.0.1:1" }, false)]
    [InlineData(new[] { "Analyze" }, false)]
    [InlineData(new[] { "serve" }, false)]
    public void IsCommandTellsCliArgumentsFromTheWorkers(string[] args, bool expected) =>
        Assert.Equal(expected, CliApp.IsCommand(args));

    [Fact]
    public async Task TheSuggestDirectiveCompletesOptionValuesInTheCliSpelling()
    {
        var line = "sample x.h5 --plugin i";

        var run = await CliProcess.RunAsync(_dir.Path, $"[suggest:{line.Length}]", line);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["ibmaem", "ipmi", "ipmi-sockets"], run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("sample x.h5 --plugin ipmi-", "ipmi-sockets")]
    [InlineData("ben", "bench-auth benchmark")]
    [InlineData("analyze x.h5 --no", "--no-progress")]
    [InlineData("analyze x.h5 --price smard:DE-LU:q", "quarterhour")] // bash replaces the word after the last ':'
    [InlineData("analyze x.h5 --price fi", "fixed:")]
    public async Task TheBashCompletionScriptCompletesFromTheApp(string arguments, string expected)
    {
        // The script the README points to, driven the way bash drives a completion function.
        var exe = Path.Combine(AppContext.BaseDirectory, "Bench.Functions");
        const string script = """
            source "$SCRIPT"
            COMP_LINE="$EXE $ARGS"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$COMP_LINE"
            _bench_functions_complete
            echo "${COMPREPLY[*]}"
            """;
        var start = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SCRIPT"] = Path.Combine(RepoRoot.Path, "scripts", "bench-completion.bash");
        start.Environment["EXE"] = exe;
        start.Environment["ARGS"] = arguments;
        using var bash = Process.Start(start)!;
        var stdout = await bash.StandardOutput.ReadToEndAsync();
        var stderr = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();

        Assert.True(bash.ExitCode == 0, stderr);
        Assert.Equal(expected, stdout.Trim());
    }
}
