namespace Bench.Pipeline.Hdf5;

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
