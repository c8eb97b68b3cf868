namespace Bench.Pipeline.Hdf5;

/// <summary>HDF5 datatype classes (H5T_class_t), as reported for compound fields.</summary>
public enum H5TypeClass
{
    Unknown = -1,
    Integer = 0,
    Float = 1,
    Time = 2,
    String = 3,
    Bitfield = 4,
    Opaque = 5,
    Compound = 6,
    Reference = 7,
    Enum = 8,
    VariableLength = 9,
    Array = 10,
}

/// <summary>One field of a compound dataset as stored in the file: name, class and size in bytes.</summary>
public sealed record H5FieldInfo(string Name, H5TypeClass Class, int Size);

/// <summary>Storage kinds the table writer knows; Slurm uses only uint64 and double.</summary>
public enum H5ScalarKind
{
    UInt64,
    Int64,
    Float64,
}

/// <summary>A field to create in a table: its name and storage kind.</summary>
public sealed record H5FieldSpec(string Name, H5ScalarKind Kind)
{
    public static H5FieldSpec U64(string name) => new(name, H5ScalarKind.UInt64);

    public static H5FieldSpec F64(string name) => new(name, H5ScalarKind.Float64);

    public static H5FieldSpec I64(string name) => new(name, H5ScalarKind.Int64);
}

/// <summary>
/// Rows <see cref="FirstRow"/> .. FirstRow+Count-1 of the requested fields, converted to double by libhdf5.
/// The buffers are reused by the next block: copy what you keep before moving on.
/// </summary>
public sealed class H5ColumnBlock
{
    private readonly double[][] _columns;

    internal H5ColumnBlock(IReadOnlyList<string> fields, int capacity)
    {
        Fields = fields;
        _columns = new double[fields.Count][];
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i] = new double[capacity];
        }
    }

    public IReadOnlyList<string> Fields { get; }

    public long FirstRow { get; internal set; }

    public int Count { get; internal set; }

    /// <summary>Values of the <paramref name="field"/>-th requested field for this block.</summary>
    public ReadOnlySpan<double> Column(int field) => _columns[field].AsSpan(0, Count);

    internal double[] Buffer(int field) => _columns[field];
}
