namespace Bench.Pipeline.Hdf5;

/// <summary>
/// A group of a file being written through libhdf5 (<c>sample</c>, test fixtures): child groups, tables and
/// (in the other part) attributes. Reading goes through <see cref="Hdf5Read.H5ReadGroup"/>.
/// </summary>
public sealed partial class H5Group : IDisposable
{
    private readonly SafeH5GroupHandle _handle;

    internal H5Group(SafeH5GroupHandle handle, string filePath, string name)
    {
        _handle = handle;
        FilePath = filePath;
        Name = name;
    }

    /// <summary>Full path inside the file, e.g. <c>/Steps/0/Nodes/cn001</c>.</summary>
    public string Name { get; }

    /// <summary>The file this group belongs to.</summary>
    public string FilePath { get; }

    /// <summary>Opens a child group this writer created (or a deeper one, <c>a/b</c>).</summary>
    public H5Group OpenGroup(string relativePath)
    {
        using var scope = Enter();
        var path = ChildPath(relativePath);
        var handle = SafeH5.Own<SafeH5GroupHandle>(Interop.Hdf5.H5Gopen2(_handle.Id, relativePath, Interop.Hdf5.H5P_DEFAULT), FilePath, path, "opening group");
        return new H5Group(handle, FilePath, path);
    }

    /// <summary>Creates a child group.</summary>
    public H5Group CreateGroup(string name)
    {
        using var scope = Enter();
        var path = ChildPath(name);
        var handle = SafeH5.Own<SafeH5GroupHandle>(
            Interop.Hdf5.H5Gcreate2(_handle.Id, name, Interop.Hdf5.H5P_DEFAULT, Interop.Hdf5.H5P_DEFAULT, Interop.Hdf5.H5P_DEFAULT),
            FilePath, path, "creating group");
        return new H5Group(handle, FilePath, path);
    }

    /// <summary>
    /// Creates a Slurm-shaped table: 1-D dataset of a packed compound of the given fields, chunked by
    /// <paramref name="chunkRows"/>, max dims UNLIMITED, DEFLATE at <paramref name="deflateLevel"/>.
    /// </summary>
    public H5TableWriter CreateTable(string name, IReadOnlyList<H5FieldSpec> fields, int chunkRows = 10, int deflateLevel = 0)
    {
        using var scope = Enter();
        return H5TableWriter.Create(_handle, FilePath, ChildPath(name), name, fields, chunkRows, deflateLevel);
    }

    public void Dispose() => _handle.Dispose();

    public override string ToString() => $"{FilePath}:{Name}";

    internal string ChildPath(string relativePath)
    {
        ValidateRelative(relativePath);
        return Name == "/" ? "/" + relativePath.Trim('/') : Name + "/" + relativePath.Trim('/');
    }

    private Lock.Scope Enter()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return Hdf5Library.Enter();
    }

    private static void ValidateRelative(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        if (relativePath.StartsWith('/'))
        {
            throw new ArgumentException($"'{relativePath}' must be relative to the group", nameof(relativePath));
        }
    }
}
