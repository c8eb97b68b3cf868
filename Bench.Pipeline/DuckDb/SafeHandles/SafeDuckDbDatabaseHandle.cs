namespace Bench.Pipeline.DuckDb;

/// <summary>A duckdb_database; released with duckdb_close.</summary>
internal sealed class SafeDuckDbDatabaseHandle : SafeDuckDbHandle
{
    protected override bool Release(nint nativeHandle)
    {
        Interop.DuckDb.duckdb_close(ref nativeHandle);
        return true;
    }
}
