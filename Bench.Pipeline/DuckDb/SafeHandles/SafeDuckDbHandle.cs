using System.Runtime.InteropServices;

namespace Bench.Pipeline.DuckDb;

/// <summary>
/// Base of the DuckDB handles: zero is invalid, and a child (connection, statement, appender) holds a
/// reference on its owner so the owner's native object is released last, even from finalizers.
/// </summary>
internal abstract class SafeDuckDbHandle : SafeHandle
{
    private SafeHandle? _owner;

    protected SafeDuckDbHandle()
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>Keeps <paramref name="owner"/> alive until this handle is released.</summary>
    internal void SetOwner(SafeHandle owner)
    {
        var added = false;
        owner.DangerousAddRef(ref added);
        _owner = owner;
    }

    protected sealed override bool ReleaseHandle()
    {
        var released = Release(handle);
        _owner?.DangerousRelease();
        _owner = null;
        return released;
    }

    /// <summary>Calls the matching DuckDB destroy function.</summary>
    protected abstract bool Release(nint nativeHandle);
}
