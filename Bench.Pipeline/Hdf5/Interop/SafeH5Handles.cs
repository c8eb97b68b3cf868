using System.Runtime.InteropServices;

namespace Bench.Pipeline.Hdf5;

/// <summary>
/// Base of the hid_t owners: invalid when negative or zero, released under the global libhdf5 lock (the
/// finalizer thread may release while another thread is inside libhdf5).
/// </summary>
internal abstract class SafeH5Handle : SafeHandle
{
    protected SafeH5Handle()
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle <= 0;

    /// <summary>The hid_t value; only for passing straight into an <see cref="Interop.Hdf5"/> call.</summary>
    internal long Id => handle;

    internal void SetId(long id) => SetHandle((nint)id);

    protected sealed override bool ReleaseHandle()
    {
        lock (Hdf5Library.Sync)
        {
            return Close(handle) >= 0;
        }
    }

    protected abstract int Close(long id);
}

internal sealed class SafeH5FileHandle : SafeH5Handle
{
    protected override int Close(long id) => Interop.Hdf5.H5Fclose(id);
}

internal sealed class SafeH5GroupHandle : SafeH5Handle
{
    protected override int Close(long id) => Interop.Hdf5.H5Gclose(id);
}

internal sealed class SafeH5DatasetHandle : SafeH5Handle
{
    protected override int Close(long id) => Interop.Hdf5.H5Dclose(id);
}

internal sealed class SafeH5AttributeHandle : SafeH5Handle
{
    protected override int Close(long id) => Interop.Hdf5.H5Aclose(id);
}

internal sealed class SafeH5TypeHandle : SafeH5Handle
{
    protected override int Close(long id) => Interop.Hdf5.H5Tclose(id);
}

internal sealed class SafeH5SpaceHandle : SafeH5Handle
{
    protected override int Close(long id) => Interop.Hdf5.H5Sclose(id);
}

internal sealed class SafeH5PropertyListHandle : SafeH5Handle
{
    protected override int Close(long id) => Interop.Hdf5.H5Pclose(id);
}

/// <summary>Turns a freshly returned hid_t into its owner, or throws the translated error.</summary>
internal static class SafeH5
{
    internal static T Own<T>(long id, string? file, string? objectPath, string operation)
        where T : SafeH5Handle, new()
    {
        H5Errors.ThrowIfError(id, file, objectPath, operation);
        var owner = new T();
        owner.SetId(id);
        return owner;
    }
}
