namespace Bench.Pipeline.DuckDb;

/// <summary>A duckdb_prepared_statement; released with duckdb_destroy_prepare.</summary>
internal sealed class SafeDuckDbPreparedStatementHandle : SafeDuckDbHandle
{
    protected override bool Release(nint nativeHandle)
    {
        Interop.DuckDb.duckdb_destroy_prepare(ref nativeHandle);
        return true;
    }
}
