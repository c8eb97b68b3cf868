using System.Text;

namespace Bench.Pipeline.Hdf5;

/// <summary>What a link inside a group points to.</summary>
public enum H5ObjectKind
{
    Missing,
    Group,
    Dataset,
    Other,
}

/// <summary>An open HDF5 group: navigation, creation and (in the other part) attributes.</summary>
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

    /// <summary>Names of the links in this group, in name order.</summary>
    public unsafe IReadOnlyList<string> ChildNames()
    {
        using var scope = Enter();
        Interop.Hdf5.H5G_info_t info;
        H5Errors.ThrowIfError(Interop.Hdf5.H5Gget_info(_handle.Id, &info), FilePath, Name, "listing group");
        var names = new List<string>(checked((int)info.nlinks));
        for (ulong i = 0; i < info.nlinks; i++)
        {
            var length = (long)Interop.Hdf5.H5Lget_name_by_idx(_handle.Id, ".", Interop.Hdf5.H5_INDEX_NAME, Interop.Hdf5.H5_ITER_INC, i, null, 0, Interop.Hdf5.H5P_DEFAULT);
            H5Errors.ThrowIfError(length, FilePath, Name, "listing group");
            var buffer = new byte[length + 1];
            fixed (byte* p = buffer)
            {
                H5Errors.ThrowIfError(
                    Interop.Hdf5.H5Lget_name_by_idx(_handle.Id, ".", Interop.Hdf5.H5_INDEX_NAME, Interop.Hdf5.H5_ITER_INC, i, p, (nuint)buffer.Length, Interop.Hdf5.H5P_DEFAULT),
                    FilePath, Name, "listing group");
            }

            names.Add(Encoding.UTF8.GetString(buffer, 0, (int)length));
        }

        return names;
    }

    /// <summary>True when <paramref name="relativePath"/> (one name or <c>a/b/c</c>) resolves to an object.</summary>
    public bool Exists(string relativePath) => KindOf(relativePath) != H5ObjectKind.Missing;

    public bool IsGroup(string relativePath) => KindOf(relativePath) == H5ObjectKind.Group;

    public bool IsDataset(string relativePath) => KindOf(relativePath) == H5ObjectKind.Dataset;

    /// <summary>What <paramref name="relativePath"/> points to; <see cref="H5ObjectKind.Missing"/> when nothing.</summary>
    public H5ObjectKind KindOf(string relativePath)
    {
        ValidateRelative(relativePath);
        using var scope = Enter();
        var prefix = new StringBuilder();
        var kind = H5ObjectKind.Group;
        foreach (var part in relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (kind != H5ObjectKind.Group)
            {
                return H5ObjectKind.Missing;
            }

            if (prefix.Length > 0)
            {
                prefix.Append('/');
            }

            prefix.Append(part);
            var exists = Interop.Hdf5.H5Lexists(_handle.Id, prefix.ToString(), Interop.Hdf5.H5P_DEFAULT);
            if (exists == 0)
            {
                return H5ObjectKind.Missing;
            }

            // The parent is a group, so a failure here is a damaged file, not a missing name.
            H5Errors.ThrowIfError(exists, FilePath, ChildPath(prefix.ToString()), "looking up object");
            kind = OpenKind(prefix.ToString());
        }

        return kind;
    }

    /// <summary>Opens a child group (or a deeper one, <c>a/b</c>).</summary>
    /// <exception cref="H5ObjectNotFoundException">No such object, or it is not a group.</exception>
    public H5Group OpenGroup(string relativePath)
    {
        using var scope = Enter();
        var path = ChildPath(relativePath);
        RequireKind(relativePath, path, H5ObjectKind.Group, "opening group");
        var handle = SafeH5.Own<SafeH5GroupHandle>(Interop.Hdf5.H5Gopen2(_handle.Id, relativePath, Interop.Hdf5.H5P_DEFAULT), FilePath, path, "opening group");
        return new H5Group(handle, FilePath, path);
    }

    /// <summary>Opens a dataset below this group.</summary>
    /// <exception cref="H5ObjectNotFoundException">No such object, or it is not a dataset.</exception>
    public H5Dataset OpenDataset(string relativePath)
    {
        using var scope = Enter();
        var path = ChildPath(relativePath);
        RequireKind(relativePath, path, H5ObjectKind.Dataset, "opening dataset");
        var handle = SafeH5.Own<SafeH5DatasetHandle>(Interop.Hdf5.H5Dopen2(_handle.Id, relativePath, Interop.Hdf5.H5P_DEFAULT), FilePath, path, "opening dataset");
        try
        {
            return new H5Dataset(handle, FilePath, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
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

    private H5ObjectKind OpenKind(string relativePath)
    {
        var id = Interop.Hdf5.H5Oopen(_handle.Id, relativePath, Interop.Hdf5.H5P_DEFAULT);
        if (id < 0)
        {
            // A dangling soft or external link: the name exists, the object does not.
            Interop.Hdf5.H5Eclear2(Interop.Hdf5.H5E_DEFAULT);
            return H5ObjectKind.Missing;
        }

        try
        {
            return Interop.Hdf5.H5Iget_type(id) switch
            {
                Interop.Hdf5.H5I_GROUP => H5ObjectKind.Group,
                Interop.Hdf5.H5I_DATASET => H5ObjectKind.Dataset,
                _ => H5ObjectKind.Other,
            };
        }
        finally
        {
            Interop.Hdf5.H5Oclose(id);
        }
    }

    private void RequireKind(string relativePath, string path, H5ObjectKind wanted, string operation)
    {
        var kind = KindOf(relativePath);
        if (kind == wanted)
        {
            return;
        }

        var message = kind == H5ObjectKind.Missing
            ? $"'{FilePath}': no object '{path}' ({operation})"
            : $"'{FilePath}': '{path}' is a {kind.ToString().ToLowerInvariant()}, not a {wanted.ToString().ToLowerInvariant()} ({operation})";
        throw new H5ObjectNotFoundException(message, FilePath, path, operation);
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
