namespace Bench.Functions.Tests.DuckDb;

/// <summary>A private temporary directory per test class, deleted afterwards.</summary>
public sealed class DuckDbTestDirectory : IDisposable
{
    public DuckDbTestDirectory()
    {
        Root = Directory.CreateTempSubdirectory("bench-duckdb-tests-").FullName;
    }

    public string Root { get; }

    /// <summary>A fresh database file path (not created) unique to the caller.</summary>
    public string NewDatabasePath(string name) => Path.Combine(Root, $"{name}-{Guid.NewGuid():N}.duckdb");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still open elsewhere only leaves a temp directory behind.
        }
    }
}
