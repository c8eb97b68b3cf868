using System.Runtime.InteropServices;

namespace Bench.Pipeline.Hdf5;

/// <summary>
/// An open 1-D dataset. Compound fields are read by name in hyperslab blocks: libhdf5 converts rows to the
/// native layout of the dataset's own type, and each requested field is taken from it by name as a double,
/// so field order, extra fields and u64/f64 storage do not matter and memory per block stays bounded.
/// </summary>
public sealed class H5Dataset : IDisposable
{
    /// <summary>Rows per hyperslab read unless told otherwise: 64 Ki rows, 512 KiB per double column.</summary>
    public const int DefaultBlockRows = 65536;

    private readonly SafeH5DatasetHandle _handle;
    private readonly SafeH5TypeHandle _type;
    private readonly int _rank;
    private readonly Dictionary<string, H5FieldInfo> _byName;

    internal unsafe H5Dataset(SafeH5DatasetHandle handle, string filePath, string name)
    {
        _handle = handle;
        FilePath = filePath;
        Name = name;
        using (var space = SafeH5.Own<SafeH5SpaceHandle>(Interop.Hdf5.H5Dget_space(handle.Id), filePath, name, "reading dataspace"))
        {
            _rank = (int)H5Errors.ThrowIfError(Interop.Hdf5.H5Sget_simple_extent_ndims(space.Id), filePath, name, "reading dataspace");
            Length = H5Errors.ThrowIfError(Interop.Hdf5.H5Sget_simple_extent_npoints(space.Id), filePath, name, "reading dataspace");
        }

        _type = SafeH5.Own<SafeH5TypeHandle>(Interop.Hdf5.H5Dget_type(handle.Id), filePath, name, "reading datatype");
        try
        {
            IsCompound = Interop.Hdf5.H5Tget_class(_type.Id) == Interop.Hdf5.H5T_COMPOUND;
            Fields = IsCompound ? ReadFields() : [];
        }
        catch
        {
            _type.Dispose();
            throw;
        }

        _byName = Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    /// <summary>Full path inside the file.</summary>
    public string Name { get; }

    public string FilePath { get; }

    /// <summary>Number of rows (elements).</summary>
    public long Length { get; }

    public bool IsCompound { get; }

    /// <summary>Compound fields in storage order; empty for a non-compound dataset.</summary>
    public IReadOnlyList<H5FieldInfo> Fields { get; }

    public bool HasField(string name) => _byName.ContainsKey(name);

    /// <summary>
    /// Streams the named fields as doubles, <paramref name="blockRows"/> rows at a time. Enumerate to the end
    /// or dispose the enumerator: it owns a native memory type.
    /// </summary>
    /// <exception cref="H5ObjectNotFoundException">A field does not exist (checked before the first read).</exception>
    public IEnumerable<H5ColumnBlock> ReadBlocks(IReadOnlyList<string> fields, int blockRows = DefaultBlockRows)
    {
        var names = ValidateRequest(fields, blockRows);
        return Iterate(names, blockRows);
    }

    /// <summary>Reads the named fields entirely, one array per field, through <see cref="ReadBlocks"/>.</summary>
    public double[][] ReadColumns(IReadOnlyList<string> fields, int blockRows = DefaultBlockRows)
    {
        var names = ValidateRequest(fields, blockRows);
        if (Length > Array.MaxLength)
        {
            throw new H5Exception(FilePath, Name, "reading columns", $"{Length} rows do not fit in one array");
        }

        var columns = new double[names.Length][];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = new double[Length];
        }

        foreach (var block in Iterate(names, blockRows))
        {
            for (var i = 0; i < columns.Length; i++)
            {
                block.Column(i).CopyTo(columns[i].AsSpan((int)block.FirstRow));
            }
        }

        return columns;
    }

    /// <summary>Reads one field for rows [<paramref name="firstRow"/>, +<paramref name="count"/>), clipped to the dataset.</summary>
    public double[] ReadRange(string field, long firstRow, int count)
    {
        var names = ValidateRequest([field], Math.Max(1, count));
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        var rows = (int)Math.Max(0, Math.Min(count, Length - firstRow));
        if (rows == 0)
        {
            return [];
        }

        using var memType = CreateDoubleCompound(names);
        var block = new H5ColumnBlock(names, rows);
        ReadBlock(memType, firstRow, rows, new double[rows], block);
        return block.Column(0).ToArray();
    }

    /// <summary>
    /// Reads every row with the dataset's own native type, in blocks, and returns the bytes read: the
    /// baseline a by-field read is compared with.
    /// </summary>
    public unsafe long ReadAllRaw(int blockRows = DefaultBlockRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockRows);
        RequireOneDimension("reading rows");
        SafeH5TypeHandle native;
        int rowSize;
        using (Enter())
        {
            native = SafeH5.Own<SafeH5TypeHandle>(Interop.Hdf5.H5Tget_native_type(_type.Id, Interop.Hdf5.H5T_DIR_DEFAULT), FilePath, Name, "reading native type");
            rowSize = (int)Interop.Hdf5.H5Tget_size(native.Id);
        }

        using (native)
        {
            var buffer = new byte[checked(rowSize * (int)Math.Min(blockRows, Math.Max(Length, 1)))];
            long total = 0;
            for (long start = 0; start < Length; start += blockRows)
            {
                var count = (int)Math.Min(blockRows, Length - start);
                fixed (byte* p = buffer)
                {
                    ReadRows(native.Id, start, count, p, "reading rows");
                }

                total += (long)count * rowSize;
            }

            return total;
        }
    }

    public void Dispose()
    {
        using var scope = Hdf5Library.Enter();
        _type.Dispose();
        _handle.Dispose();
    }

    public override string ToString() => $"{FilePath}:{Name} ({Length} rows)";

    private string[] ValidateRequest(IReadOnlyList<string> fields, int blockRows)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockRows);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        RequireOneDimension("reading fields");
        if (!IsCompound)
        {
            throw new H5Exception(FilePath, Name, "reading fields", "the dataset is not of a compound type");
        }

        foreach (var field in fields)
        {
            if (!_byName.ContainsKey(field))
            {
                throw new H5ObjectNotFoundException(
                    $"'{FilePath}': '{Name}' has no field '{field}' (reading fields; it has {string.Join(", ", _byName.Keys)})",
                    FilePath, Name, "reading fields");
            }
        }

        var names = fields.ToArray();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw new ArgumentException("a field is requested twice", nameof(fields));
        }

        return names;
    }

    private IEnumerable<H5ColumnBlock> Iterate(string[] fields, int blockRows)
    {
        H5NativeRecord record;
        using (Enter())
        {
            record = H5NativeRecord.Create(_type, FilePath, Name);
        }

        using (record)
        {
            var members = record.Locate(fields);
            if (members is null)
            {
                // A field that is not a plain number: let libhdf5 convert (and explain) it.
                foreach (var block in IterateConverted(fields, blockRows))
                {
                    yield return block;
                }

                yield break;
            }

            var capacity = (int)Math.Min(blockRows, Math.Max(Length, 1));
            var block2 = new H5ColumnBlock(fields, capacity);
            var raw = new byte[checked(capacity * record.Size)];
            for (long start = 0; start < Length; start += blockRows)
            {
                var count = (int)Math.Min(blockRows, Length - start);
                ReadNativeBlock(record, members, start, count, raw, block2);
                yield return block2;
            }
        }
    }

    private unsafe void ReadNativeBlock(H5NativeRecord record, H5NativeRecord.Member[] members, long start, int count, byte[] raw, H5ColumnBlock block)
    {
        fixed (byte* p = raw)
        {
            ReadRows(record.Type.Id, start, count, p, "reading fields");
        }

        var size = record.Size;
        for (var f = 0; f < members.Length; f++)
        {
            var column = block.Buffer(f);
            var member = members[f];
            for (var row = 0; row < count; row++)
            {
                column[row] = H5NativeRecord.Decode(raw.AsSpan(row * size, size), member);
            }
        }

        block.FirstRow = start;
        block.Count = count;
    }

    private IEnumerable<H5ColumnBlock> IterateConverted(string[] fields, int blockRows)
    {
        using var memType = CreateDoubleCompound(fields);
        var capacity = (int)Math.Min(blockRows, Math.Max(Length, 1));
        var block = new H5ColumnBlock(fields, capacity);
        var interleaved = new double[capacity * fields.Length];
        for (long start = 0; start < Length; start += blockRows)
        {
            var count = (int)Math.Min(blockRows, Length - start);
            ReadBlock(memType, start, count, interleaved, block);
            yield return block;
        }
    }

    private unsafe void ReadBlock(SafeH5TypeHandle memType, long start, int count, double[] interleaved, H5ColumnBlock block)
    {
        fixed (double* p = interleaved)
        {
            ReadRows(memType.Id, start, count, p, $"reading fields {string.Join(", ", block.Fields)}");
        }

        var width = block.Fields.Count;
        for (var f = 0; f < width; f++)
        {
            var column = block.Buffer(f);
            for (int row = 0, src = f; row < count; row++, src += width)
            {
                column[row] = interleaved[src];
            }
        }

        block.FirstRow = start;
        block.Count = count;
    }

    private unsafe void ReadRows(long memType, long start, int count, void* buffer, string operation)
    {
        using var scope = Enter();
        var what = $"{operation} (rows {start}..{start + count - 1})";
        using var fileSpace = SafeH5.Own<SafeH5SpaceHandle>(Interop.Hdf5.H5Dget_space(_handle.Id), FilePath, Name, what);
        ulong first = (ulong)start, rows = (ulong)count;
        H5Errors.ThrowIfError(Interop.Hdf5.H5Sselect_hyperslab(fileSpace.Id, Interop.Hdf5.H5S_SELECT_SET, &first, null, &rows, null), FilePath, Name, what);
        using var memSpace = SafeH5.Own<SafeH5SpaceHandle>(Interop.Hdf5.H5Screate_simple(1, &rows, null), FilePath, Name, what);
        H5Errors.ThrowIfError(Interop.Hdf5.H5Dread(_handle.Id, memType, memSpace.Id, fileSpace.Id, Interop.Hdf5.H5P_DEFAULT, buffer), FilePath, Name, what);
    }

    private SafeH5TypeHandle CreateDoubleCompound(string[] fields)
    {
        using var scope = Enter();
        var type = SafeH5.Own<SafeH5TypeHandle>(Interop.Hdf5.H5Tcreate(Interop.Hdf5.H5T_COMPOUND, (nuint)(8 * fields.Length)), FilePath, Name, "creating memory type");
        try
        {
            for (var i = 0; i < fields.Length; i++)
            {
                H5Errors.ThrowIfError(Interop.Hdf5.H5Tinsert(type.Id, fields[i], (nuint)(8 * i), Hdf5Library.NativeDouble), FilePath, Name, $"creating memory type (field '{fields[i]}')");
            }

            return type;
        }
        catch
        {
            type.Dispose();
            throw;
        }
    }

    private unsafe List<H5FieldInfo> ReadFields()
    {
        using var scope = Enter();
        var count = (int)H5Errors.ThrowIfError(Interop.Hdf5.H5Tget_nmembers(_type.Id), FilePath, Name, "reading compound fields");
        var fields = new List<H5FieldInfo>(count);
        for (uint i = 0; i < count; i++)
        {
            var namePointer = Interop.Hdf5.H5Tget_member_name(_type.Id, i);
            if (namePointer is null)
            {
                throw H5Errors.Fail(FilePath, Name, $"reading compound field {i}");
            }

            string fieldName;
            try
            {
                fieldName = Marshal.PtrToStringUTF8((nint)namePointer) ?? string.Empty;
            }
            finally
            {
                Interop.Hdf5.H5free_memory(namePointer);
            }

            var typeClass = Interop.Hdf5.H5Tget_member_class(_type.Id, i);
            using var memberType = SafeH5.Own<SafeH5TypeHandle>(Interop.Hdf5.H5Tget_member_type(_type.Id, i), FilePath, Name, $"reading compound field '{fieldName}'");
            var size = (int)Interop.Hdf5.H5Tget_size(memberType.Id);
            fields.Add(new H5FieldInfo(fieldName, Enum.IsDefined((H5TypeClass)typeClass) ? (H5TypeClass)typeClass : H5TypeClass.Unknown, size));
        }

        return fields;
    }

    private void RequireOneDimension(string operation)
    {
        if (_rank != 1)
        {
            throw new H5Exception(FilePath, Name, operation, $"the dataset has rank {_rank}; only 1-D datasets are read");
        }
    }

    private Lock.Scope Enter()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return Hdf5Library.Enter();
    }
}
