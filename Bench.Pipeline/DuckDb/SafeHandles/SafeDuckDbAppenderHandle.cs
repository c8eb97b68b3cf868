namespace Bench.Pipeline.DuckDb;

/// <summary>A duckdb_appender; released with duckdb_appender_destroy.</summary>
internal sealed class SafeDuckDbAppenderHandle : SafeDuckDbHandle
{
    protected override bool Release(nint nativeHandle)
    {
        // Errors here cannot be reported; DuckDbAppender.Close flushes and reports them first.
        Interop.DuckDb.duckdb_appender_destroy(ref nativeHandle);
        return true;
    }
}
