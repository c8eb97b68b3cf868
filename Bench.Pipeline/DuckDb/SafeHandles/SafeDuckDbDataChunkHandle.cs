namespace Bench.Pipeline.DuckDb;

/// <summary>A duckdb_data_chunk; released with duckdb_destroy_data_chunk.</summary>
internal sealed class SafeDuckDbDataChunkHandle : SafeDuckDbHandle
{
    protected override bool Release(nint nativeHandle)
    {
        Interop.DuckDb.duckdb_destroy_data_chunk(ref nativeHandle);
        return true;
    }
}
