namespace Bench.Pipeline.Hdf5;

/// <summary>An open HDF5 file. Owns its root group; groups and datasets opened from it are owned by the caller.</summary>
public sealed class H5File : IDisposable
{
    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    private readonly SafeH5FileHandle _handle;
    private readonly H5Group _root;

    private H5File(string path, SafeH5FileHandle handle, H5Group root)
    {
        Path = path;
        _handle = handle;
        _root = root;
    }

    /// <summary>The path the file was opened with; every error message names it.</summary>
    public string Path { get; }

    /// <summary>The root group <c>/</c>; disposed with the file.</summary>
    public H5Group Root
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _root;
        }
    }

    /// <summary>Opens an existing file read-only.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="H5FormatException">Not an HDF5 file, or a truncated/damaged one.</exception>
    public static H5File OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}': file not found", path);
        }

        if (!HasHdf5Signature(path))
        {
            throw new H5FormatException($"'{path}' is not an HDF5 file", path, null, "opening file", null);
        }

        using var scope = Hdf5Library.Enter();
        var id = Interop.Hdf5.H5Fopen(path, Interop.Hdf5.H5F_ACC_RDONLY, Hdf5Library.FileAccess);
        if (id < 0)
        {
            var detail = H5Errors.TakeDetail();
            throw new H5FormatException(
                $"'{path}' is a damaged or truncated HDF5 file (opening file: {detail ?? "libhdf5 gave no detail"})",
                path, null, "opening file", detail);
        }

        return Wrap(path, id, "opening root group");
    }

    /// <summary>Creates a file, truncating any existing one.</summary>
    public static H5File Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var scope = Hdf5Library.Enter();
        var id = Interop.Hdf5.H5Fcreate(path, Interop.Hdf5.H5F_ACC_TRUNC, Interop.Hdf5.H5P_DEFAULT, Hdf5Library.FileAccess);
        H5Errors.ThrowIfError(id, path, null, "creating file");
        return Wrap(path, id, "opening root group");
    }

    public void Dispose()
    {
        using var scope = Hdf5Library.Enter();
        _root.Dispose();
        _handle.Dispose();
    }

    private static H5File Wrap(string path, long fileId, string operation)
    {
        var file = new SafeH5FileHandle();
        file.SetId(fileId);
        try
        {
            var root = SafeH5.Own<SafeH5GroupHandle>(Interop.Hdf5.H5Gopen2(fileId, "/", Interop.Hdf5.H5P_DEFAULT), path, "/", operation);
            return new H5File(path, file, new H5Group(root, path, "/"));
        }
        catch (H5Exception e)
        {
            file.Dispose();
            throw new H5FormatException($"'{path}' is a damaged HDF5 file ({operation}: {e.NativeDetail})", path, "/", operation, e.NativeDetail);
        }
    }

    /// <summary>
    /// The superblock signature sits at offset 0, 512, 1024, 2048, ... (a user block may precede it).
    /// Checking it ourselves separates "not HDF5" from "damaged HDF5" in the error message.
    /// </summary>
    private static bool HasHdf5Signature(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
        Span<byte> buffer = stackalloc byte[8];
        for (long offset = 0; offset + 8 <= stream.Length; offset = offset == 0 ? 512 : offset * 2)
        {
            stream.Position = offset;
            stream.ReadExactly(buffer);
            if (buffer.SequenceEqual(Signature))
            {
                return true;
            }
        }

        return false;
    }
}
