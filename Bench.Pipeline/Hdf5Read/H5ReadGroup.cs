using System.Text;
using Bench.Pipeline.Hdf5;
using PureHDF;
using PureHDF.VOL.Native;

namespace Bench.Pipeline.Hdf5Read;

/// <summary>What a path inside a file points to.</summary>
public enum H5ReadKind
{
    Missing,
    Group,
    Dataset,

    /// <summary>A committed datatype or an unresolvable link.</summary>
    Other,
}

/// <summary>A group of an <see cref="H5ReadFile"/>: children, attributes, and the datasets below it.</summary>
public sealed class H5ReadGroup
{
    /// <summary>Attributes larger than this are refused unread.</summary>
    private const double MaxAttributeBytes = 1024 * 1024;

    private readonly H5ReadFile _file;
    private readonly IH5Group _group;

    internal H5ReadGroup(H5ReadFile file, IH5Group group, string path)
    {
        _file = file;
        _group = group;
        Path = path;
    }

    /// <summary>Full path inside the file, e.g. <c>/Steps/0/Nodes/cn001</c>.</summary>
    public string Path { get; }

    public string FilePath => _file.Path;

    /// <summary>Names of the group's links, in the order the file lists them.</summary>
    public IReadOnlyList<string> ChildNames()
    {
        _file.ThrowIfDisposed();
        return H5ReadErrors.Guard(FilePath, Path, "listing group", () => _group.Children().Select(c => c.Name).ToList());
    }

    public bool Exists(string relativePath) => KindOf(relativePath) != H5ReadKind.Missing;

    public bool IsGroup(string relativePath) => KindOf(relativePath) == H5ReadKind.Group;

    public bool IsDataset(string relativePath) => KindOf(relativePath) == H5ReadKind.Dataset;

    /// <summary>What <paramref name="relativePath"/> (e.g. <c>a/b</c>) points to; Missing when nothing.</summary>
    public H5ReadKind KindOf(string relativePath)
    {
        _file.ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        IH5Group group = _group;
        var path = Path;
        var parts = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var parent = group;
            path = Child(path, part);
            if (!H5ReadErrors.Guard(FilePath, path, "looking up object", () => parent.LinkExists(part)))
            {
                return H5ReadKind.Missing;
            }

            var child = H5ReadErrors.Guard(FilePath, path, "opening object", () => parent.Get(part));
            switch (child)
            {
                case IH5Group g:
                    group = g;
                    break;
                case IH5Dataset:
                    return i == parts.Length - 1 ? H5ReadKind.Dataset : H5ReadKind.Missing;
                default:
                    return i == parts.Length - 1 ? H5ReadKind.Other : H5ReadKind.Missing;
            }
        }

        return H5ReadKind.Group;
    }

    /// <summary>Opens a group below this one.</summary>
    /// <exception cref="H5ObjectNotFoundException">No such object, or it is not a group.</exception>
    public H5ReadGroup OpenGroup(string relativePath)
    {
        var path = Require(relativePath, H5ReadKind.Group, "opening group");
        var group = H5ReadErrors.Guard(FilePath, path, "opening group", () => _group.Group(relativePath));
        return new H5ReadGroup(_file, group, path);
    }

    /// <summary>Opens a dataset below this group.</summary>
    /// <exception cref="H5ObjectNotFoundException">No such object, or it is not a dataset.</exception>
    public H5ReadDataset OpenDataset(string relativePath)
    {
        var path = Require(relativePath, H5ReadKind.Dataset, "opening dataset");
        var dataset = H5ReadErrors.Guard(FilePath, path, "opening dataset", () => (NativeDataset)_group.Dataset(relativePath));
        return new H5ReadDataset(_file, dataset, path);
    }

    public bool HasAttribute(string name)
    {
        _file.ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrEmpty(name);
        return H5ReadErrors.Guard(FilePath, Path, $"checking attribute '{name}'", () => ((IH5Object)_group).AttributeExists(name));
    }

    /// <summary>Reads the first element of an integer attribute (any size and signedness) as int32.</summary>
    public int ReadInt32Attribute(string name)
    {
        var operation = $"reading attribute '{name}'";
        var attribute = OpenAttribute(name, operation);
        var type = H5ReadErrors.Guard(FilePath, Path, operation, () => attribute.Type);
        var field = new CompoundField(name, 0, type.Size, type.Class switch
        {
            H5DataTypeClass.FixedPoint => type.FixedPoint.IsSigned ? FieldKind.Signed : FieldKind.Unsigned,
            _ => FieldKind.Other,
        });
        if (!field.IsNumber || field.Kind == FieldKind.Float)
        {
            throw H5ReadErrors.Fail(FilePath, Path, operation, $"the attribute is {type.Class} of {type.Size} bytes, not an integer");
        }

        if (H5ReadErrors.Guard(FilePath, Path, operation, () => ByteOrderProbe.IsBigEndian(type)))
        {
            throw H5ReadErrors.Fail(FilePath, Path, operation, "the attribute is stored big-endian, which this reader does not decode");
        }

        // PureHDF reads an integer attribute only into an array of the stored size and sign.
        var values = H5ReadErrors.Guard(FilePath, Path, operation, () => (field.Kind, field.Size) switch
        {
            (FieldKind.Signed, 1) => attribute.Read<sbyte[]>().Select(v => (double)v).ToArray(),
            (FieldKind.Unsigned, 1) => attribute.Read<byte[]>().Select(v => (double)v).ToArray(),
            (FieldKind.Signed, 2) => attribute.Read<short[]>().Select(v => (double)v).ToArray(),
            (FieldKind.Unsigned, 2) => attribute.Read<ushort[]>().Select(v => (double)v).ToArray(),
            (FieldKind.Signed, 4) => attribute.Read<int[]>().Select(v => (double)v).ToArray(),
            (FieldKind.Unsigned, 4) => attribute.Read<uint[]>().Select(v => (double)v).ToArray(),
            (FieldKind.Signed, _) => attribute.Read<long[]>().Select(v => (double)v).ToArray(),
            _ => attribute.Read<ulong[]>().Select(v => (double)v).ToArray(),
        });
        if (values.Length == 0)
        {
            throw H5ReadErrors.Fail(FilePath, Path, operation, "the attribute holds no value");
        }

        var value = values[0];
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw H5ReadErrors.Fail(FilePath, Path, operation, $"{value} does not fit in int32");
        }

        return (int)value;
    }

    /// <summary>Reads the first element of a string attribute (fixed-length as Slurm writes it, or variable-length).</summary>
    public string ReadStringAttribute(string name)
    {
        var operation = $"reading attribute '{name}'";
        var attribute = OpenAttribute(name, operation);
        var type = H5ReadErrors.Guard(FilePath, Path, operation, () => attribute.Type);
        if (type.Class != H5DataTypeClass.String && type.Class != H5DataTypeClass.VariableLength)
        {
            throw H5ReadErrors.Fail(FilePath, Path, operation, $"the attribute is {type.Class}, not a string");
        }

        var values = H5ReadErrors.Guard(FilePath, Path, operation, () => attribute.Read<string[]>());
        if (values.Length == 0 || values[0] is null)
        {
            throw H5ReadErrors.Fail(FilePath, Path, operation, "the attribute holds no value");
        }

        var text = values[0];
        var end = text.IndexOf('\0', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).TrimEnd(' ');
    }

    public override string ToString() => $"{FilePath}:{Path}";

    private IH5Attribute OpenAttribute(string name, string operation)
    {
        if (!HasAttribute(name))
        {
            throw new H5ObjectNotFoundException($"'{FilePath}': '{Path}': no attribute '{name}'", FilePath, Path, operation);
        }

        var attribute = H5ReadErrors.Guard(FilePath, Path, operation, () => ((IH5Object)_group).Attribute(name));

        // Slurm's attributes hold one small value; a damaged header must not make PureHDF allocate gigabytes.
        var (elements, size) = H5ReadErrors.Guard(FilePath, Path, operation, () =>
            (attribute.Space.Dimensions.Aggregate(1.0, (n, d) => n * d), attribute.Type.Size));
        if (elements * Math.Max(size, 1) > MaxAttributeBytes)
        {
            throw H5ReadErrors.Fail(FilePath, Path, operation, $"the attribute declares {elements} values of {size} bytes (damaged header?)");
        }

        return attribute;
    }

    private string Require(string relativePath, H5ReadKind kind, string operation)
    {
        var path = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(Path, Child);
        var found = KindOf(relativePath);
        if (found != kind)
        {
            var what = found == H5ReadKind.Missing ? "no such object" : $"it is a {found.ToString().ToLowerInvariant()}, not a {kind.ToString().ToLowerInvariant()}";
            throw new H5ObjectNotFoundException($"'{FilePath}': '{path}': {operation} failed: {what}", FilePath, path, operation);
        }

        return path;
    }

    private static string Child(string parent, string name) =>
        new StringBuilder(parent.Length + name.Length + 1).Append(parent.TrimEnd('/')).Append('/').Append(name).ToString();
}
