using System.Diagnostics;
using System.Text;
using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Sinks.DuckDb;

namespace Bench.Functions.Tests.Sinks;

/// <summary>How Bench opens DuckDB files through DuckDB.NET: paths, settings, and the errors users see.</summary>
public sealed class DuckDbFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Tables(DuckDbFile file) =>
        string.Join(",", file.Query("SELECT table_name FROM information_schema.tables ORDER BY table_name").Rows.Select(r => (string)r[0]!));

    [Fact]
    public void TwoFilesWhoseNamesDifferOnlyInCaseAreTwoDatabases()
    {
        // Both open at once: DuckDB.NET's shared-database cache folds case, so before the fix the second
        // open returned the first database and both tables landed in Results.duckdb.
        using (var upper = DuckDbFile.Open(_dir.File("Results.duckdb")))
        using (var lower = DuckDbFile.Open(_dir.File("results.duckdb")))
        {
            upper.Execute("CREATE TABLE only_upper (x INTEGER)");
            lower.Execute("CREATE TABLE only_lower (x INTEGER)");

            Assert.Equal("only_upper", Tables(upper));
            Assert.Equal("only_lower", Tables(lower));
        }

        Assert.Equal(["Results.duckdb", "results.duckdb"], Directory.GetFiles(_dir.Path, "*.duckdb").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var again = DuckDbFile.Open(_dir.File("Results.duckdb"), DuckDbFileOptions.ReadOnly);
        Assert.Equal("only_upper", Tables(again));
    }

    [Fact]
    public void TwoSpellingsOfTheSamePathShareOneDatabase()
    {
        Directory.CreateDirectory(_dir.File("Sub"));
        using var absolute = DuckDbFile.Open(_dir.File("Sub/Res.duckdb"));
        using var roundabout = DuckDbFile.Open(_dir.File("Sub/../Sub/./Res.duckdb"));
        absolute.Execute("CREATE TABLE t (x INTEGER)");
        absolute.Execute("INSERT INTO t VALUES (7)");

        Assert.Equal(_dir.File("Sub/Res.duckdb"), roundabout.Path);
        Assert.Equal(7, (int)roundabout.Query("SELECT x FROM t").Rows.Single()[0]!);
    }

    [Theory]
    [InlineData("/d/results.duckdb", "/d/results.duckdb")] // nothing to fold: unchanged
    [InlineData("/d/Results.duckdb", "/d/././/Results.duckdb")] // d lower, R upper
    [InlineData("/D/results.duckdb", "/D/.//results.duckdb")]
    [InlineData("/d/rEsults.duckdb", "/d/./././/rEsults.duckdb")] // d, r lower, E upper
    [InlineData("/d/x-1/A.duckdb", "/d/x-1/./././/A.duckdb")] // digits and '-' carry no case
    public void TheDataSourceSpellsOutTheCaseOfEachLetterUpToTheLastCapital(string path, string expected) =>
        Assert.Equal(expected, DuckDbPaths.DataSource(path));

    [Fact]
    public void FilesOpenWithBoundedMemoryOneThreadAndNoExtensionDownloads()
    {
        using var file = DuckDbFile.Open(_dir.File("settings.duckdb"));

        var row = file.Query(
            "SELECT current_setting('memory_limit'), current_setting('threads'), " +
            "current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions'), current_setting('TimeZone')").Rows.Single();

        Assert.Equal("61.0 MiB", row[0]); // 64 MB = 64,000,000 bytes, printed in MiB
        Assert.Equal(1L, Convert.ToInt64(row[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(false, row[2]);
        Assert.Equal(false, row[3]);
        Assert.Equal("UTC", row[4]);
    }

    [Fact]
    public void OpeningASqliteFileFailsAtOnceNamingTheFileInsteadOfFetchingAnExtension()
    {
        // A SQLite header: DuckDB recognises it and, with autoinstall on, would try to download sqlite_scanner.
        var path = _dir.File("not-duckdb.db");
        var bytes = new byte[4096];
        Encoding.ASCII.GetBytes("SQLite format 3\0").CopyTo(bytes, 0);
        File.WriteAllBytes(path, bytes);
        var watch = Stopwatch.StartNew();

        var e = Assert.Throws<DuckDbFileException>(() => DuckDbFile.Open(path));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(path, e.DatabasePath);
        Assert.StartsWith($"DuckDB '{path}': ", e.Message, StringComparison.Ordinal);
        Assert.Contains("sqlite", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<DuckDB.NET.Data.DuckDBException>(e.InnerException);
        Assert.Equal(bytes, File.ReadAllBytes(path)); // the file is left as it was
    }

    [Fact]
    public void AFailedStatementNamesTheFileAndTheStatement()
    {
        var path = _dir.File("errors.duckdb");
        using var file = DuckDbFile.Open(path);

        var e = Assert.Throws<DuckDbFileException>(() => file.Query("SELECT *\n  FROM missing_table"));

        Assert.Equal(path, e.DatabasePath);
        Assert.Equal("query: SELECT * FROM missing_table", e.Operation);
        Assert.Contains("missing_table", e.NativeMessage, StringComparison.Ordinal);
        Assert.Equal($"DuckDB '{path}': {e.NativeMessage} (query: SELECT * FROM missing_table)", e.Message);
    }

    [Fact]
    public void AnUnwritableDirectoryIsAnErrorNamingTheFile()
    {
        var path = _dir.File("no-such-dir/results.duckdb");

        var e = Assert.Throws<DuckDbFileException>(() => DuckDbFile.Open(path));

        Assert.Equal(path, e.DatabasePath);
        Assert.Equal("opening the database", e.Operation);
    }

    [Fact]
    public void ParametersBindNullsAndInstantsAsUtc()
    {
        using var file = DuckDbFile.Open(_dir.File("params.duckdb"));
        file.Execute("CREATE TABLE p (t TIMESTAMPTZ, d DOUBLE, s VARCHAR)");
        var instant = new DateTimeOffset(2024, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));

        file.Execute("INSERT INTO p VALUES (?, ?, ?)", instant, null, "x");

        var row = file.Query("SELECT epoch(t), d, s, strftime(t, '%Y-%m-%d %H:%M:%S'), t FROM p").Rows.Single();
        Assert.Equal(instant.ToUnixTimeSeconds(), Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(row[1]);
        Assert.Equal("x", row[2]);
        Assert.Equal("2024-03-04 03:06:07", row[3]);
        Assert.Equal(TimeSpan.Zero, Assert.IsType<DateTimeOffset>(row[4]).Offset);
        Assert.Equal(instant, row[4]);
    }
}
