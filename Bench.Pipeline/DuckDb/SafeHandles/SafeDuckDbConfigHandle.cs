namespace Bench.Pipeline.DuckDb;

/// <summary>A duckdb_config; released with duckdb_destroy_config.</summary>
internal sealed class SafeDuckDbConfigHandle : SafeDuckDbHandle
{
    protected override bool Release(nint nativeHandle)
    {
        Interop.DuckDb.duckdb_destroy_config(ref nativeHandle);
        return true;
    }
}
