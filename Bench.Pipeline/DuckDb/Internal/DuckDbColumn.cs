namespace Bench.Pipeline.DuckDb;

/// <summary>How a column's values are kept in managed memory once read out of DuckDB's vectors.</summary>
internal enum DuckDbStorage
{
    /// <summary>long: integers up to 32-bit unsigned and BIGINT, DATE (days), TIME (µs), timestamps (raw units).</summary>
    Int64,

    /// <summary>Int128: HUGEINT and UBIGINT.</summary>
    Int128,

    /// <summary>Int128 unscaled value plus a scale: DECIMAL.</summary>
    Decimal,

    Double,
    String,
    Boolean,

    /// <summary>Types this reader does not decode (LIST, STRUCT, BLOB, INTERVAL, UUID...).</summary>
    Unsupported,
}

/// <summary>One materialised result column: its name, DuckDB type, values and null flags.</summary>
internal sealed class DuckDbColumn
{
    private readonly List<bool> _nulls = [];

    internal DuckDbColumn(string name, DuckDbType type, int decimalScale, DuckDbType decimalInternalType)
    {
        Name = name;
        Type = type;
        DecimalScale = decimalScale;
        DecimalInternalType = decimalInternalType;
        Storage = StorageOf(type);
    }

    internal string Name { get; }

    internal DuckDbType Type { get; }

    internal DuckDbStorage Storage { get; }

    internal int DecimalScale { get; }

    internal DuckDbType DecimalInternalType { get; }

    internal List<long> Int64s { get; } = [];

    internal List<Int128> Int128s { get; } = [];

    internal List<double> Doubles { get; } = [];

    internal List<string?> Strings { get; } = [];

    internal List<bool> Booleans { get; } = [];

    internal int Count => _nulls.Count;

    internal bool IsNull(int row) => _nulls[row];

    internal void AddNull()
    {
        _nulls.Add(true);
        switch (Storage)
        {
            case DuckDbStorage.Int64: Int64s.Add(0); break;
            case DuckDbStorage.Int128 or DuckDbStorage.Decimal: Int128s.Add(0); break;
            case DuckDbStorage.Double: Doubles.Add(0); break;
            case DuckDbStorage.String: Strings.Add(null); break;
            case DuckDbStorage.Boolean: Booleans.Add(false); break;
            default: break;
        }
    }

    internal void MarkValid() => _nulls.Add(false);

    internal static bool IsInteger(DuckDbType type) => type is DuckDbType.TinyInt or DuckDbType.SmallInt
        or DuckDbType.Integer or DuckDbType.BigInt or DuckDbType.UTinyInt or DuckDbType.USmallInt
        or DuckDbType.UInteger or DuckDbType.UBigInt or DuckDbType.HugeInt;

    private static DuckDbStorage StorageOf(DuckDbType type) => type switch
    {
        DuckDbType.TinyInt or DuckDbType.SmallInt or DuckDbType.Integer or DuckDbType.BigInt
            or DuckDbType.UTinyInt or DuckDbType.USmallInt or DuckDbType.UInteger => DuckDbStorage.Int64,
        DuckDbType.Date or DuckDbType.Time or DuckDbType.Timestamp or DuckDbType.TimestampTz
            or DuckDbType.TimestampSeconds or DuckDbType.TimestampMilliseconds
            or DuckDbType.TimestampNanoseconds => DuckDbStorage.Int64,
        DuckDbType.UBigInt or DuckDbType.HugeInt => DuckDbStorage.Int128,
        DuckDbType.Decimal => DuckDbStorage.Decimal,
        DuckDbType.Float or DuckDbType.Double => DuckDbStorage.Double,
        DuckDbType.Varchar => DuckDbStorage.String,
        DuckDbType.Boolean => DuckDbStorage.Boolean,
        _ => DuckDbStorage.Unsupported,
    };
}
