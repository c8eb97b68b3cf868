using System.Buffers.Binary;

namespace Bench.Pipeline.Hdf5;

/// <summary>
/// Appends rows to a 1-D dataset of a packed compound type, the way Slurm's profile plugin stores a series:
/// each append extends the dataset and writes one hyperslab.
/// </summary>
public sealed class H5TableWriter : IDisposable
{
    private readonly SafeH5DatasetHandle _handle;
    private readonly SafeH5TypeHandle _type;
    private readonly int _rowSize;
    private byte[] _buffer = [];

    private H5TableWriter(SafeH5DatasetHandle handle, SafeH5TypeHandle type, string filePath, string name, IReadOnlyList<H5FieldSpec> fields)
    {
        _handle = handle;
        _type = type;
        FilePath = filePath;
        Name = name;
        Fields = fields;
        _rowSize = 8 * fields.Count;
    }

    public string FilePath { get; }

    /// <summary>Full path of the dataset inside the file.</summary>
    public string Name { get; }

    public IReadOnlyList<H5FieldSpec> Fields { get; }

    /// <summary>Rows written so far.</summary>
    public long Length { get; private set; }

    /// <summary>
    /// Appends whole columns, one per field in field order: <c>ulong[]</c> for UInt64, <c>long[]</c> for Int64,
    /// <c>double[]</c> for Float64, all of the same length.
    /// </summary>
    public void Append(params Array[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Append(columns, 0, columns.Length == 0 ? 0 : columns[0].Length);
    }

    /// <summary>Appends rows <paramref name="offset"/>..offset+count-1 of the given columns.</summary>
    public unsafe void Append(IReadOnlyList<Array> columns, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        ValidateColumns(columns, offset, count);
        if (count == 0)
        {
            return;
        }

        var bytes = checked(count * _rowSize);
        if (_buffer.Length < bytes)
        {
            _buffer = new byte[bytes];
        }

        Interleave(columns, offset, count);
        using var scope = Hdf5Library.Enter();
        var what = $"appending rows {Length}..{Length + count - 1}";
        ulong newSize = (ulong)(Length + count), start = (ulong)Length, rows = (ulong)count;
        H5Errors.ThrowIfError(Interop.Hdf5.H5Dset_extent(_handle.Id, &newSize), FilePath, Name, what);
        using var fileSpace = SafeH5.Own<SafeH5SpaceHandle>(Interop.Hdf5.H5Dget_space(_handle.Id), FilePath, Name, what);
        H5Errors.ThrowIfError(Interop.Hdf5.H5Sselect_hyperslab(fileSpace.Id, Interop.Hdf5.H5S_SELECT_SET, &start, null, &rows, null), FilePath, Name, what);
        using var memSpace = SafeH5.Own<SafeH5SpaceHandle>(Interop.Hdf5.H5Screate_simple(1, &rows, null), FilePath, Name, what);
        fixed (byte* p = _buffer)
        {
            H5Errors.ThrowIfError(Interop.Hdf5.H5Dwrite(_handle.Id, _type.Id, memSpace.Id, fileSpace.Id, Interop.Hdf5.H5P_DEFAULT, p), FilePath, Name, what);
        }

        Length += count;
    }

    public void Dispose()
    {
        using var scope = Hdf5Library.Enter();
        _type.Dispose();
        _handle.Dispose();
    }

    internal static unsafe H5TableWriter Create(SafeH5GroupHandle parent, string filePath, string path, string name, IReadOnlyList<H5FieldSpec> fields, int chunkRows, int deflateLevel)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fields.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkRows);
        ArgumentOutOfRangeException.ThrowIfNegative(deflateLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(deflateLevel, 9);
        const string op = "creating dataset";
        var type = SafeH5.Own<SafeH5TypeHandle>(Interop.Hdf5.H5Tcreate(Interop.Hdf5.H5T_COMPOUND, (nuint)(8 * fields.Count)), filePath, path, op);
        try
        {
            for (var i = 0; i < fields.Count; i++)
            {
                var member = fields[i].Kind switch
                {
                    H5ScalarKind.UInt64 => Hdf5Library.NativeUInt64,
                    H5ScalarKind.Int64 => Hdf5Library.NativeInt64,
                    _ => Hdf5Library.NativeDouble,
                };
                H5Errors.ThrowIfError(Interop.Hdf5.H5Tinsert(type.Id, fields[i].Name, (nuint)(8 * i), member), filePath, path, $"{op} (field '{fields[i].Name}')");
            }

            ulong zero = 0, unlimited = Interop.Hdf5.H5S_UNLIMITED, chunk = (ulong)chunkRows;
            using var space = SafeH5.Own<SafeH5SpaceHandle>(Interop.Hdf5.H5Screate_simple(1, &zero, &unlimited), filePath, path, op);
            using var plist = SafeH5.Own<SafeH5PropertyListHandle>(Interop.Hdf5.H5Pcreate(Hdf5Library.DatasetCreateClass), filePath, path, op);
            H5Errors.ThrowIfError(Interop.Hdf5.H5Pset_chunk(plist.Id, 1, &chunk), filePath, path, op);
            H5Errors.ThrowIfError(Interop.Hdf5.H5Pset_deflate(plist.Id, (uint)deflateLevel), filePath, path, op);
            H5Errors.ThrowIfError(Interop.Hdf5.H5Pset_fill_time(plist.Id, Interop.Hdf5.H5D_FILL_TIME_IFSET), filePath, path, op);
            H5Errors.ThrowIfError(Interop.Hdf5.H5Pset_alloc_time(plist.Id, Interop.Hdf5.H5D_ALLOC_TIME_INCR), filePath, path, op);
            var dataset = SafeH5.Own<SafeH5DatasetHandle>(
                Interop.Hdf5.H5Dcreate2(parent.Id, name, type.Id, space.Id, Interop.Hdf5.H5P_DEFAULT, plist.Id, Interop.Hdf5.H5P_DEFAULT),
                filePath, path, op);
            return new H5TableWriter(dataset, type, filePath, path, fields);
        }
        catch
        {
            type.Dispose();
            throw;
        }
    }

    private void ValidateColumns(IReadOnlyList<Array> columns, int offset, int count)
    {
        if (columns.Count != Fields.Count)
        {
            throw new ArgumentException($"{Name}: {columns.Count} columns given for {Fields.Count} fields", nameof(columns));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (var i = 0; i < columns.Count; i++)
        {
            var ok = Fields[i].Kind switch
            {
                H5ScalarKind.UInt64 => columns[i] is ulong[],
                H5ScalarKind.Int64 => columns[i] is long[],
                _ => columns[i] is double[],
            };
            if (!ok)
            {
                throw new ArgumentException($"{Name}: field '{Fields[i].Name}' is {Fields[i].Kind} but column {i} is {columns[i].GetType().Name}", nameof(columns));
            }

            if (offset + count > columns[i].Length)
            {
                throw new ArgumentException($"{Name}: column {i} has {columns[i].Length} values, rows {offset}..{offset + count - 1} asked", nameof(columns));
            }
        }
    }

    private void Interleave(IReadOnlyList<Array> columns, int offset, int count)
    {
        var span = _buffer.AsSpan();
        for (var f = 0; f < columns.Count; f++)
        {
            var position = 8 * f;
            switch (columns[f])
            {
                case ulong[] u:
                    for (var r = 0; r < count; r++, position += _rowSize)
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(span[position..], u[offset + r]);
                    }

                    break;
                case long[] l:
                    for (var r = 0; r < count; r++, position += _rowSize)
                    {
                        BinaryPrimitives.WriteInt64LittleEndian(span[position..], l[offset + r]);
                    }

                    break;
                case double[] d:
                    for (var r = 0; r < count; r++, position += _rowSize)
                    {
                        BinaryPrimitives.WriteDoubleLittleEndian(span[position..], d[offset + r]);
                    }

                    break;
            }
        }
    }
}
