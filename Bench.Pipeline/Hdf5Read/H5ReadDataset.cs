using System.Buffers;
using Bench.Pipeline.Hdf5;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Bench.Pipeline.Hdf5Read;

/// <summary>
/// A dataset of an <see cref="H5ReadFile"/>. A 1-D compound series is read by field NAME: raw rows in
/// blocks, each field taken at the byte offset the file's compound type gives it, after checking that the
/// field exists and is a little-endian integer or float. Field order, extra fields, and integer or float
/// storage of any size therefore do not matter, and memory per block stays bounded.
/// </summary>
public sealed class H5ReadDataset
{
    /// <summary>Rows per block read unless told otherwise: 64 Ki rows.</summary>
    public const int DefaultBlockRows = 65536;

    /// <summary>
    /// A dataset may hold at most this many bytes per byte of file: deflate, the only compression a profile
    /// can carry, cannot pack more than ~1032:1, so a larger size is a damaged header, refused before allocating.
    /// </summary>
    private const long MaxExpansion = 1032;

    /// <summary>Upper bound of one block's raw bytes (64 Ki rows of a 96-byte task row take 6 MiB).</summary>
    private const long MaxBlockBytes = 16 * 1024 * 1024;

    private readonly H5ReadFile _file;
    private readonly NativeDataset _dataset;
    private readonly Dictionary<string, CompoundField> _byName;

    internal H5ReadDataset(H5ReadFile file, NativeDataset dataset, string path)
    {
        _file = file;
        _dataset = dataset;
        Path = path;
        var dims = H5ReadErrors.Guard(FilePath, path, "reading dataspace", () => dataset.Space.Dimensions);
        Rank = dims.Length;
        ulong length = 1;
        foreach (var d in dims)
        {
            length = d != 0 && length > ulong.MaxValue / d ? ulong.MaxValue : length * d;
        }

        Length = length > long.MaxValue ? long.MaxValue : (long)length;
        var type = H5ReadErrors.Guard(FilePath, path, "reading datatype", () => dataset.Type);
        RowSize = H5ReadErrors.Guard(FilePath, path, "reading datatype", () => type.Size);
        IsCompound = type.Class == H5DataTypeClass.Compound;
        Fields = IsCompound ? ReadFields(type) : [];
        _byName = new Dictionary<string, CompoundField>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            _byName.TryAdd(field.Name, field);
        }
    }

    /// <summary>Full path inside the file.</summary>
    public string Path { get; }

    public string FilePath => _file.Path;

    /// <summary>Number of rows (elements) the dataspace declares.</summary>
    public long Length { get; }

    public int Rank { get; }

    /// <summary>Bytes per row as stored.</summary>
    public int RowSize { get; }

    public bool IsCompound { get; }

    /// <summary>Compound fields in the file's order; empty for a non-compound dataset.</summary>
    public IReadOnlyList<CompoundField> Fields { get; }

    public bool HasField(string name) => _byName.ContainsKey(name);

    /// <summary>Reads the named fields entirely, one double array per field.</summary>
    /// <exception cref="H5ObjectNotFoundException">A field does not exist.</exception>
    /// <exception cref="H5FormatException">A field cannot be decoded, the size is absurd, or the data is damaged.</exception>
    public double[][] ReadColumns(IReadOnlyList<string> fields, int blockRows = DefaultBlockRows)
    {
        var located = Locate(fields, "reading columns");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockRows);
        var columns = new double[located.Length][];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = new double[Length];
        }

        ReadRows(located, 0, (int)Length, blockRows, columns);
        return columns;
    }

    /// <summary>Reads one field for rows [<paramref name="firstRow"/>, +<paramref name="count"/>), clipped to the dataset.</summary>
    public double[] ReadRange(string field, long firstRow, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var located = Locate([field], $"reading rows of '{field}'");
        var rows = (int)Math.Max(0, Math.Min(count, Length - firstRow));
        var column = new double[rows];
        if (rows > 0)
        {
            ReadRows(located, firstRow, rows, DefaultBlockRows, [column]);
        }

        return column;
    }

    /// <summary>
    /// Reads every row as raw bytes in blocks and returns the bytes read: the floor any by-field read is
    /// measured against (<c>benchmark read</c>).
    /// </summary>
    public long ReadAllRaw(int blockRows = DefaultBlockRows)
    {
        CheckShape("reading rows");
        ReadRows([], 0, (int)Length, blockRows, []);
        return Length * RowSize;
    }

    public override string ToString() => $"{FilePath}:{Path} ({Length} rows)";

    private CompoundField[] Locate(IReadOnlyList<string> fields, string operation)
    {
        ArgumentNullException.ThrowIfNull(fields);
        CheckShape(operation);
        if (!IsCompound)
        {
            throw H5ReadErrors.Fail(FilePath, Path, operation, "the dataset is not of a compound type");
        }

        var located = new CompoundField[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            if (!_byName.TryGetValue(fields[i], out var field))
            {
                throw new H5ObjectNotFoundException(
                    $"'{FilePath}': '{Path}': no field '{fields[i]}' (fields: {string.Join(", ", Fields.Select(f => f.Name))})",
                    FilePath, Path, operation);
            }

            if (!field.IsNumber)
            {
                throw H5ReadErrors.Fail(FilePath, Path, operation, $"field '{field.Name}' is {field.Kind} of {field.Size} bytes, not an integer or float of 1-8 bytes");
            }

            if (field.Offset < 0 || field.Offset + field.Size > RowSize)
            {
                throw H5ReadErrors.Fail(FilePath, Path, operation, $"field '{field.Name}' at byte {field.Offset} (+{field.Size}) lies outside the {RowSize}-byte row");
            }

            located[i] = field;
        }

        return located;
    }

    private void CheckShape(string operation)
    {
        _file.ThrowIfDisposed();
        if (Rank != 1)
        {
            throw H5ReadErrors.Fail(FilePath, Path, operation, $"the dataset has {Rank} dimensions, a series has 1");
        }

        if (RowSize <= 0)
        {
            throw H5ReadErrors.Fail(FilePath, Path, operation, $"the row size is {RowSize} bytes");
        }

        // Checked before anything is allocated: a flipped bit in a dimension must not become a huge array.
        var maxRows = Math.Min(Array.MaxLength, MaxExpansion * Math.Max(_file.Length, 1) / RowSize);
        if (Length > maxRows)
        {
            throw H5ReadErrors.Fail(FilePath, Path, operation,
                $"the dataset declares {Length} rows of {RowSize} bytes, more than a {_file.Length}-byte file can hold (damaged dataspace?)");
        }
    }

    private void ReadRows(CompoundField[] fields, long firstRow, int rows, int blockRows, double[][] columns)
    {
        // The block buffer stays under MaxBlockBytes whatever the row size (at least one row).
        var block = (int)Math.Max(1, Math.Min(Math.Min(blockRows, rows), MaxBlockBytes / RowSize));
        var buffer = ArrayPool<byte>.Shared.Rent(checked(block * RowSize));
        try
        {
            for (var done = 0; done < rows; done += block)
            {
                var count = Math.Min(block, rows - done);
                var from = (ulong)(firstRow + done);
                var bytes = buffer.AsSpan(0, count * RowSize);
                var operation = $"reading rows {from}..{from + (ulong)count - 1}";
                try
                {
                    _dataset.Read<byte>(H5ReadFile.Access, bytes, new HyperslabSelection(from, (ulong)count), new HyperslabSelection(0, (ulong)count), [(ulong)count]);
                }
                catch (Exception e) when (e is not (H5Exception or OperationCanceledException or ObjectDisposedException))
                {
                    // Through Guard's wrapping, without a closure per block.
                    H5ReadErrors.Guard(FilePath, Path, operation, () => throw e);
                }

                for (var f = 0; f < fields.Length; f++)
                {
                    fields[f].DecodeColumn(bytes, RowSize, columns[f].AsSpan(done, count));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private List<CompoundField> ReadFields(IH5DataType type)
    {
        var members = H5ReadErrors.Guard(FilePath, Path, "reading compound type", () => type.Compound.Members);
        var fields = new List<CompoundField>(members.Length);
        foreach (var member in members)
        {
            var memberType = member.Type;
            var kind = H5ReadErrors.Guard(FilePath, Path, $"reading field '{member.Name}'", () => memberType.Class switch
            {
                H5DataTypeClass.FixedPoint => memberType.FixedPoint.IsSigned ? FieldKind.Signed : FieldKind.Unsigned,
                H5DataTypeClass.FloatingPoint => FieldKind.Float,
                _ => FieldKind.Other,
            });
            if (kind != FieldKind.Other && H5ReadErrors.Guard(FilePath, Path, $"reading field '{member.Name}'", () => ByteOrderProbe.IsBigEndian(memberType)))
            {
                throw H5ReadErrors.Fail(FilePath, Path, "reading compound type",
                    $"field '{member.Name}' is stored big-endian; this reader decodes little-endian files only (convert with h5repack or h5py)");
            }

            fields.Add(new CompoundField(member.Name, member.Offset, memberType.Size, kind));
        }

        return fields;
    }
}
