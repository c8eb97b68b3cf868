namespace Bench.Pipeline.DuckDb;

/// <summary>A duckdb_logical_type; released with duckdb_destroy_logical_type.</summary>
internal sealed class SafeDuckDbLogicalTypeHandle : SafeDuckDbHandle
{
    protected override bool Release(nint nativeHandle)
    {
        Interop.DuckDb.duckdb_destroy_logical_type(ref nativeHandle);
        return true;
    }
}
