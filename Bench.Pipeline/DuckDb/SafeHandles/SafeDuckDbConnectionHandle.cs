namespace Bench.Pipeline.DuckDb;

/// <summary>A duckdb_connection; released with duckdb_disconnect.</summary>
internal sealed class SafeDuckDbConnectionHandle : SafeDuckDbHandle
{
    protected override bool Release(nint nativeHandle)
    {
        Interop.DuckDb.duckdb_disconnect(ref nativeHandle);
        return true;
    }
}
