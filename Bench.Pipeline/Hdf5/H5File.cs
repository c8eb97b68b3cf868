namespace Bench.Pipeline.Hdf5;

/// <summary>
/// An HDF5 file being written through libhdf5 (<c>sample</c> and test fixtures: PureHDF 2.2.0 cannot write
/// Slurm's unlimited chunked series). Owns its root group. Reading goes through <see cref="Hdf5Read.H5ReadFile"/>;
/// libhdf5 is loaded on the first call here, so reading never needs it.
/// </summary>
public sealed class H5File : IDisposable
{
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
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
