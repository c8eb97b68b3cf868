using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Sinks.DuckDb;

namespace Bench.Functions.Tests.Cli;

/// <summary>The query command run as a separate process on a real results file: output, exit codes, read-only.</summary>
public sealed class QueryCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Results()
    {
        var path = _dir.File("Results.duckdb");
        using var file = DuckDbFile.Open(path);
        file.Execute("CREATE TABLE runs (name VARCHAR, energy_j DOUBLE, nodes INTEGER, started TIMESTAMPTZ)");
        file.Execute("INSERT INTO runs VALUES (?, ?, ?, ?)", "alpha", 1234.5, 4, new DateTimeOffset(2024, 3, 4, 5, 6, 7, TimeSpan.Zero));
        file.Execute("INSERT INTO runs VALUES (?, ?, ?, ?)", "beta", null, 2, null);
        return path;
    }

    [Fact]
    public async Task AQueryPrintsATableOfItsRowsAndTheirCount()
    {
        var db = Results();

        var run = await CliProcess.RunAsync(_dir.Path, "query", db, "SELECT name, energy_j, nodes, started FROM runs ORDER BY name");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("name", StringComparison.Ordinal) && l.Contains("energy_j", StringComparison.Ordinal) && l.Contains("started", StringComparison.Ordinal));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^alpha\s+1234\.5\s+4\s+2024-03-04 05:06:07Z$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^beta\s+NULL\s+2\s+NULL$"));
        Assert.Equal("(2 rows)", lines[^1]);
    }

    [Fact]
    public async Task ListsMapsStructsBlobsAndDatesPrintAsValues()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "query", Results(),
            "SELECT [1, 2] AS l, MAP {'k': 3} AS m, {'a': 4} AS s, '\\x01A'::BLOB AS b, DATE '2024-01-02' AS d");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Matches(@"\[1, 2\]\s+\{k: 3\}\s+\{a: 4\}\s+\\x01A\s+2024-01-02", run.Stdout);
    }

    [Fact]
    public async Task AColumnOfATypeTheDriverCannotReadIsAClearErrorNotACrash()
    {
        var db = Results();

        var run = await CliProcess.RunAsync(_dir.Path, "query", db, "SELECT union_value(a := 1) AS un");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"bench query: DuckDB '{db}': ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(reading column 'un' of query: SELECT union_value(a := 1) AS un)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadSqlExitsOneNamingTheFileAndTheStatement()
    {
        var db = Results();

        var run = await CliProcess.RunAsync(_dir.Path, "query", db, "SELECT nope FROM runs");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"bench query: DuckDB '{db}': ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("nope", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(query: SELECT nope FROM runs)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task TheFileIsOpenedReadOnly()
    {
        var db = Results();

        var run = await CliProcess.RunAsync(_dir.Path, "query", db, "DELETE FROM runs");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("read-only", run.Stderr, StringComparison.OrdinalIgnoreCase);
        using var file = DuckDbFile.Open(db, DuckDbFileOptions.ReadOnly);
        Assert.Equal(2L, file.Query("SELECT count(*) FROM runs").Rows.Single()[0]);
    }

    [Fact]
    public async Task AMissingFileExitsOneAndIsNotCreated()
    {
        var db = _dir.File("missing.duckdb");

        var run = await CliProcess.RunAsync(_dir.Path, "query", db, "SELECT 1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"no such file '{db}'", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task WrongArgumentsSayWhatIsMissingAndExitTwo()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "query", "only-one-argument");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bench query: Required argument 'sql' missing", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'Bench.Functions query --help' for usage.", run.Stderr, StringComparison.Ordinal);
    }
}
