using System.Runtime.InteropServices;
using System.Text;

namespace Bench.Pipeline.Hdf5;

/// <summary>Attributes of a group. Slurm writes every attribute with shape (1); reads take the first element.</summary>
public sealed partial class H5Group
{
    /// <summary>Attribute names in name order.</summary>
    public unsafe IReadOnlyList<string> AttributeNames()
    {
        using var scope = Enter();
        var names = new List<string>();
        var gc = GCHandle.Alloc(names);
        try
        {
            ulong index = 0;
            H5Errors.ThrowIfError(
                Interop.Hdf5.H5Aiterate2(_handle.Id, Interop.Hdf5.H5_INDEX_NAME, Interop.Hdf5.H5_ITER_INC, &index, &CollectAttributeName, (void*)GCHandle.ToIntPtr(gc)),
                FilePath, Name, "listing attributes");
        }
        finally
        {
            gc.Free();
        }

        return names;
    }

    public bool HasAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var scope = Enter();
        var exists = Interop.Hdf5.H5Aexists(_handle.Id, name);
        H5Errors.ThrowIfError(exists, FilePath, Name, $"checking attribute '{name}'");
        return exists > 0;
    }

    /// <summary>Reads an integer attribute (any integer storage type), converted by libhdf5 to int32.</summary>
    public unsafe int ReadInt32Attribute(string name)
    {
        using var scope = Enter();
        using var attribute = OpenAttribute(name);
        var count = AttributeElementCount(attribute, name);
        var values = new int[count];
        fixed (int* p = values)
        {
            H5Errors.ThrowIfError(Interop.Hdf5.H5Aread(attribute.Id, Hdf5Library.NativeInt32, p), FilePath, Name, $"reading attribute '{name}' as int32");
        }

        return values[0];
    }

    /// <summary>
    /// Reads a string attribute: fixed-length (NULLTERM, NULLPAD or SPACEPAD, as Slurm writes) or
    /// variable-length (as h5py writes by default).
    /// </summary>
    public unsafe string ReadStringAttribute(string name)
    {
        using var scope = Enter();
        using var attribute = OpenAttribute(name);
        var count = AttributeElementCount(attribute, name);
        using var fileType = SafeH5.Own<SafeH5TypeHandle>(Interop.Hdf5.H5Aget_type(attribute.Id), FilePath, Name, $"reading attribute '{name}'");
        if (Interop.Hdf5.H5Tget_class(fileType.Id) != Interop.Hdf5.H5T_STRING)
        {
            throw new H5Exception(FilePath, Name, $"reading attribute '{name}' as string", "the attribute is not a string");
        }

        var isVariable = Interop.Hdf5.H5Tis_variable_str(fileType.Id);
        H5Errors.ThrowIfError(isVariable, FilePath, Name, $"reading attribute '{name}'");
        if (isVariable > 0)
        {
            return ReadVariableString(attribute, Interop.Hdf5.H5Tget_cset(fileType.Id), count, name);
        }

        var size = (int)Interop.Hdf5.H5Tget_size(fileType.Id);
        var buffer = new byte[size * count];
        fixed (byte* p = buffer)
        {
            H5Errors.ThrowIfError(Interop.Hdf5.H5Aread(attribute.Id, fileType.Id, p), FilePath, Name, $"reading attribute '{name}'");
        }

        var first = buffer.AsSpan(0, size);
        var end = first.IndexOf((byte)0);
        var text = Encoding.UTF8.GetString(end < 0 ? first : first[..end]);
        return Interop.Hdf5.H5Tget_strpad(fileType.Id) == Interop.Hdf5.H5T_STR_SPACEPAD ? text.TrimEnd(' ') : text;
    }

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

    private unsafe string ReadVariableString(SafeH5AttributeHandle attribute, int cset, int count, string name)
    {
        using var memType = SafeH5.Own<SafeH5TypeHandle>(Interop.Hdf5.H5Tcopy(Hdf5Library.CString), FilePath, Name, $"reading attribute '{name}'");
        H5Errors.ThrowIfError(Interop.Hdf5.H5Tset_size(memType.Id, Interop.Hdf5.H5T_VARIABLE), FilePath, Name, $"reading attribute '{name}'");
        // libhdf5 does not convert between character sets: read in the file's own one.
        H5Errors.ThrowIfError(Interop.Hdf5.H5Tset_cset(memType.Id, Math.Max(cset, 0)), FilePath, Name, $"reading attribute '{name}'");
        var pointers = new nint[count];
        fixed (nint* p = pointers)
        {
            H5Errors.ThrowIfError(Interop.Hdf5.H5Aread(attribute.Id, memType.Id, p), FilePath, Name, $"reading attribute '{name}'");
        }

        try
        {
            return Marshal.PtrToStringUTF8(pointers[0]) ?? string.Empty;
        }
        finally
        {
            foreach (var pointer in pointers)
            {
                if (pointer != 0)
                {
                    Interop.Hdf5.H5free_memory((void*)pointer);
                }
            }
        }
    }

    private SafeH5AttributeHandle OpenAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!HasAttribute(name))
        {
            throw new H5ObjectNotFoundException($"'{FilePath}': no attribute '{name}' on '{Name}' (reading attribute)", FilePath, Name, "reading attribute");
        }

        return SafeH5.Own<SafeH5AttributeHandle>(Interop.Hdf5.H5Aopen(_handle.Id, name, Interop.Hdf5.H5P_DEFAULT), FilePath, Name, $"opening attribute '{name}'");
    }

    private int AttributeElementCount(SafeH5AttributeHandle attribute, string name)
    {
        using var space = SafeH5.Own<SafeH5SpaceHandle>(Interop.Hdf5.H5Aget_space(attribute.Id), FilePath, Name, $"reading attribute '{name}'");
        var points = Interop.Hdf5.H5Sget_simple_extent_npoints(space.Id);
        H5Errors.ThrowIfError(points, FilePath, Name, $"reading attribute '{name}'");
        if (points < 1)
        {
            throw new H5Exception(FilePath, Name, $"reading attribute '{name}'", "the attribute is empty");
        }

        return checked((int)points);
    }

    private unsafe SafeH5SpaceHandle ScalarSpace(string name)
    {
        ulong one = 1;
        return SafeH5.Own<SafeH5SpaceHandle>(Interop.Hdf5.H5Screate_simple(1, &one, null), FilePath, Name, $"creating attribute '{name}'");
    }

    [UnmanagedCallersOnly]
    private static unsafe int CollectAttributeName(long location, byte* name, void* info, void* data)
    {
        var names = (List<string>)GCHandle.FromIntPtr((nint)data).Target!;
        names.Add(Marshal.PtrToStringUTF8((nint)name) ?? string.Empty);
        return 0;
    }
}
