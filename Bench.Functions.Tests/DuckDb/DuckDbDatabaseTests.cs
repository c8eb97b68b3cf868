using Bench.Pipeline.DuckDb;

namespace Bench.Functions.Tests.DuckDb;

public sealed class DuckDbDatabaseTests : IClassFixture<DuckDbTestDirectory>
{
    private readonly DuckDbTestDirectory _directory;

    public DuckDbDatabaseTests(DuckDbTestDirectory directory) => _directory = directory;

    [Fact]
    public void ThePinnedLibraryIsLoadedFromNextToTheTests()
    {
        Assert.Equal("v1.5.6", DuckDbDatabase.LibraryVersion);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "libduckdb.so")));
    }

    [Fact]
    public void AFileThatIsNotADuckDbDatabaseIsRefusedWithItsPath()
    {
        var path = Path.Combine(_directory.Root, "profile.h5.duckdb");
        File.WriteAllText(path, new string('x', 8192));

        var error = Assert.Throws<DuckDbException>(() => DuckDbDatabase.Open(path));

        Assert.Equal(path, error.DatabasePath);
        Assert.Contains("not a valid DuckDB database file", error.NativeMessage, StringComparison.Ordinal);
        Assert.StartsWith($"DuckDB '{path}': IO Error:", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(opening database)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingDirectoryIsReportedWithThePath()
    {
        var path = Path.Combine(_directory.Root, "no-such-dir", "results.duckdb");

        var error = Assert.Throws<DuckDbException>(() => DuckDbDatabase.Open(path));

        Assert.Contains(path, error.NativeMessage, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", error.NativeMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownSettingIsRefusedAtOpen()
    {
        var error = Assert.Throws<DuckDbException>(() =>
            DuckDbDatabase.OpenInMemory(new Dictionary<string, string> { ["no_such_setting"] = "1" }));

        Assert.Contains("no_such_setting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsGivenAtOpenApply()
    {
        using var db = DuckDbDatabase.OpenInMemory(new Dictionary<string, string> { ["threads"] = "1" });
        using var connection = db.Connect();

        Assert.Equal(1, connection.Query("SELECT current_setting('threads')").GetInt64(0, 0));
    }

    [Fact]
    public void ASqlErrorCarriesDuckDbsMessageTheDatabasePathAndTheQuery()
    {
        var path = _directory.NewDatabasePath("errors");
        using var db = DuckDbDatabase.Open(path);
        using var connection = db.Connect();

        var error = Assert.Throws<DuckDbException>(() => connection.Query("SELECT * FROM x"));

        Assert.StartsWith("Catalog Error: Table with name x does not exist!", error.NativeMessage, StringComparison.Ordinal);
        Assert.Equal(DuckDbErrorType.Catalog, error.ErrorType);
        Assert.Equal("query: SELECT * FROM x", error.Operation);
        Assert.StartsWith($"DuckDB '{path}': Catalog Error: Table with name x does not exist!", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(query: SELECT * FROM x)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecuteRunsSeveralStatementsAndReturnsRowsChangedByTheLast()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();

        var changed = connection.Execute("CREATE TABLE s (a BIGINT); INSERT INTO s VALUES (1), (2), (3); UPDATE s SET a = a + 1 WHERE a > 1");

        Assert.Equal(2, changed);
        Assert.Equal(1 + 3 + 4, connection.Query("SELECT sum(a) FROM s").GetInt64(0, 0));
    }

    [Fact]
    public void TwoConnectionsSeeEachOthersCommittedWrites()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var writer = db.Connect();
        using var reader = db.Connect();
        writer.Execute("CREATE TABLE shared (a BIGINT); INSERT INTO shared VALUES (41), (1)");

        Assert.Equal(42, reader.Query("SELECT sum(a) FROM shared").GetInt64(0, 0));
    }

    [Fact]
    public void DisposingTwiceIsFineAndUseAfterDisposeThrows()
    {
        var db = DuckDbDatabase.OpenInMemory();
        var connection = db.Connect();

        connection.Dispose();
        connection.Dispose();
        Assert.Throws<ObjectDisposedException>(() => connection.Execute("SELECT 1"));
        Assert.Throws<ObjectDisposedException>(() => connection.Query("SELECT 1"));
        Assert.Throws<ObjectDisposedException>(() => connection.Prepare("SELECT 1"));
        Assert.Throws<ObjectDisposedException>(() => connection.CreateAppender("t"));
        Assert.Throws<ObjectDisposedException>(() => connection.BeginTransaction());

        db.Dispose();
        db.Dispose();
        Assert.Throws<ObjectDisposedException>(() => db.Connect());
    }

    [Fact]
    public void AConnectionOutlivingItsDisposedDatabaseObjectKeepsWorkingUntilClosed()
    {
        var path = _directory.NewDatabasePath("outlive");
        var db = DuckDbDatabase.Open(path);
        using var connection = db.Connect();
        db.Dispose();

        connection.Execute("CREATE TABLE late (a BIGINT); INSERT INTO late VALUES (7)");

        Assert.Equal(7, connection.Query("SELECT a FROM late").GetInt64(0, 0));
    }
}
