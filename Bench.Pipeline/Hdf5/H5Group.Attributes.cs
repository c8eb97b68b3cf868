using System.Text;

namespace Bench.Pipeline.Hdf5;

/// <summary>Attributes of a group being written. Slurm writes every attribute with shape (1).</summary>
public sealed partial class H5Group
{
    /// <summary>Writes an int32 attribute of shape (1), as Slurm does.</summary>
    public unsafe void WriteInt32Attribute(string name, int value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var scope = Enter();
        using var space = ScalarSpace(name);
        using var attribute = SafeH5.Own<SafeH5AttributeHandle>(
            Interop.Hdf5.H5Acreate2(_handle.Id, name, Hdf5Library.NativeInt32, space.Id, Interop.Hdf5.H5P_DEFAULT, Interop.Hdf5.H5P_DEFAULT),
            FilePath, Name, $"creating attribute '{name}'");
        H5Errors.ThrowIfError(Interop.Hdf5.H5Awrite(attribute.Id, Hdf5Library.NativeInt32, &value), FilePath, Name, $"writing attribute '{name}'");
    }

    /// <summary>Writes a fixed-length NULLTERM ASCII/UTF-8 string attribute of shape (1) and size strlen, as Slurm does.</summary>
    public unsafe void WriteStringAttribute(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        using var scope = Enter();
        // Slurm sizes the type strlen: no terminator is stored (one NUL only for an empty string, size 0 is invalid).
        var bytes = new byte[Math.Max(1, Encoding.UTF8.GetByteCount(value))];
        Encoding.UTF8.GetBytes(value, bytes);
        using var type = SafeH5.Own<SafeH5TypeHandle>(Interop.Hdf5.H5Tcopy(Hdf5Library.CString), FilePath, Name, $"creating attribute '{name}'");
        H5Errors.ThrowIfError(Interop.Hdf5.H5Tset_size(type.Id, (nuint)bytes.Length), FilePath, Name, $"creating attribute '{name}'");
        H5Errors.ThrowIfError(Interop.Hdf5.H5Tset_strpad(type.Id, Interop.Hdf5.H5T_STR_NULLTERM), FilePath, Name, $"creating attribute '{name}'");
        using var space = ScalarSpace(name);
        using var attribute = SafeH5.Own<SafeH5AttributeHandle>(
            Interop.Hdf5.H5Acreate2(_handle.Id, name, type.Id, space.Id, Interop.Hdf5.H5P_DEFAULT, Interop.Hdf5.H5P_DEFAULT),
            FilePath, Name, $"creating attribute '{name}'");
        fixed (byte* p = bytes)
        {
            H5Errors.ThrowIfError(Interop.Hdf5.H5Awrite(attribute.Id, type.Id, p), FilePath, Name, $"writing attribute '{name}'");
        }
    }

    /// <summary>Writes a variable-length UTF-8 string attribute of shape (1), as h5py does (Slurm does not); for fixtures.</summary>
    public unsafe void WriteVariableLengthStringAttribute(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        using var scope = Enter();
        // Slurm sizes the type strlen: no terminator is stored (one NUL only for an empty string, size 0 is invalid).
        var bytes = new byte[Math.Max(1, Encoding.UTF8.GetByteCount(value))];
        Encoding.UTF8.GetBytes(value, bytes);
        using var type = SafeH5.Own<SafeH5TypeHandle>(Interop.Hdf5.H5Tcopy(Hdf5Library.CString), FilePath, Name, $"creating attribute '{name}'");
        H5Errors.ThrowIfError(Interop.Hdf5.H5Tset_size(type.Id, Interop.Hdf5.H5T_VARIABLE), FilePath, Name, $"creating attribute '{name}'");
        H5Errors.ThrowIfError(Interop.Hdf5.H5Tset_cset(type.Id, Interop.Hdf5.H5T_CSET_UTF8), FilePath, Name, $"creating attribute '{name}'");
        using var space = ScalarSpace(name);
        using var attribute = SafeH5.Own<SafeH5AttributeHandle>(
            Interop.Hdf5.H5Acreate2(_handle.Id, name, type.Id, space.Id, Interop.Hdf5.H5P_DEFAULT, Interop.Hdf5.H5P_DEFAULT),
            FilePath, Name, $"creating attribute '{name}'");
        fixed (byte* p = bytes)
        {
            var pointer = (nint)p;
            H5Errors.ThrowIfError(Interop.Hdf5.H5Awrite(attribute.Id, type.Id, &pointer), FilePath, Name, $"writing attribute '{name}'");
        }
    }

    private unsafe SafeH5SpaceHandle ScalarSpace(string name)
    {
        ulong one = 1;
        return SafeH5.Own<SafeH5SpaceHandle>(Interop.Hdf5.H5Screate_simple(1, &one, null), FilePath, Name, $"creating attribute '{name}'");
    }
}
