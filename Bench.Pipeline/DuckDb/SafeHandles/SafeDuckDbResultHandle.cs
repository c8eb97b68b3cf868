using System.Runtime.InteropServices;

namespace Bench.Pipeline.DuckDb;

/// <summary>
/// Owns one duckdb_result struct in native memory. DuckDB fills it in place (even on failure, with the
/// error), and it must be destroyed exactly once: ReleaseHandle calls duckdb_destroy_result, then frees it.
/// </summary>
internal sealed unsafe class SafeDuckDbResultHandle : SafeHandle
{
    public SafeDuckDbResultHandle()
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        // Zeroed, so destroying a struct DuckDB never filled is a no-op.
        SetHandle((nint)NativeMemory.AllocZeroed((nuint)sizeof(Interop.DuckDb.Result)));
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>A copy of the struct, for the few C functions that take it by value.</summary>
    internal Interop.DuckDb.Result ReadStruct()
    {
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            return *(Interop.DuckDb.Result*)handle;
        }
        finally
        {
            DangerousRelease();
        }
    }

    protected override bool ReleaseHandle()
    {
        Interop.DuckDb.duckdb_destroy_result(handle);
        NativeMemory.Free((void*)handle);
        return true;
    }
}
