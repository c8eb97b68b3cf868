namespace Bench.Pipeline.DuckDb;

/// <summary>
/// A query result copied into managed memory: column names and types, a row count, and typed getters by
/// (row, column), both zero-based. Holds no native state, so it needs no disposal and may be read from
/// any thread. Reads BOOLEAN, integers (incl. HUGEINT/UBIGINT), FLOAT/DOUBLE, DECIMAL, VARCHAR, DATE,
/// TIME and TIMESTAMP[_S|_MS|_NS|TZ]; for other types (LIST, STRUCT, BLOB, ...) cast in SQL, e.g. <c>x::VARCHAR</c>.
/// </summary>
public sealed class DuckDbResult
{
    private readonly DuckDbColumn[] _columns;
    private readonly string _databasePath;

    internal DuckDbResult(DuckDbColumn[] columns, string databasePath)
    {
        _columns = columns;
        _databasePath = databasePath;
        RowCount = columns.Length == 0 ? 0 : columns[0].Count;
        ColumnNames = Array.AsReadOnly(Array.ConvertAll(columns, c => c.Name));
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>Column names in order.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The DuckDB type of a column.</summary>
    public DuckDbType GetColumnType(int column) => Column(column).Type;

    /// <summary>The index of the column called <paramref name="name"/> (exact match first, then ignoring case).</summary>
    public int GetOrdinal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var index = Array.FindIndex(_columns, c => c.Name == name);
        if (index < 0)
        {
            index = Array.FindIndex(_columns, c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        }

        return index >= 0
            ? index
            : throw new ArgumentException(
                $"DuckDB '{_databasePath}': the result has no column '{name}' (columns: {string.Join(", ", ColumnNames)}).", nameof(name));
    }

    /// <summary>True if the value is SQL NULL.</summary>
    public bool IsNull(int row, int column) => Cell(row, column).IsNull(row);

    /// <summary>An integer column's value (TINYINT to HUGEINT); throws OverflowException if it does not fit a long.</summary>
    public long GetInt64(int row, int column)
    {
        var col = NotNull(row, column);
        return col.Storage switch
        {
            DuckDbStorage.Int64 when DuckDbColumn.IsInteger(col.Type) => col.Int64s[row],
            DuckDbStorage.Int128 => col.Int128s[row] >= long.MinValue && col.Int128s[row] <= long.MaxValue
                ? (long)col.Int128s[row]
                : throw new OverflowException(Describe(col, row, $"value {col.Int128s[row]} does not fit in a long")),
            _ => throw WrongType(col, row, "long"),
        };
    }

    /// <summary>A numeric column's value (integers, FLOAT, DOUBLE, DECIMAL) as a double.</summary>
    public double GetDouble(int row, int column)
    {
        var col = NotNull(row, column);
        return col.Storage switch
        {
            DuckDbStorage.Double => col.Doubles[row],
            DuckDbStorage.Int64 when DuckDbColumn.IsInteger(col.Type) => col.Int64s[row],
            DuckDbStorage.Int128 => (double)col.Int128s[row],
            DuckDbStorage.Decimal => (double)col.Int128s[row] / Math.Pow(10, col.DecimalScale),
            _ => throw WrongType(col, row, "double"),
        };
    }

    /// <summary>A DECIMAL or integer column's value as a decimal.</summary>
    public decimal GetDecimal(int row, int column)
    {
        var col = NotNull(row, column);
        try
        {
            return col.Storage switch
            {
                DuckDbStorage.Decimal => (decimal)col.Int128s[row] / Pow10(col.DecimalScale),
                DuckDbStorage.Int64 when DuckDbColumn.IsInteger(col.Type) => col.Int64s[row],
                DuckDbStorage.Int128 => (decimal)col.Int128s[row],
                _ => throw WrongType(col, row, "decimal"),
            };
        }
        catch (OverflowException e)
        {
            throw new OverflowException(Describe(col, row, "value does not fit in a System.Decimal"), e);
        }
    }

    /// <summary>A VARCHAR column's value.</summary>
    public string GetString(int row, int column)
    {
        var col = NotNull(row, column);
        return col.Storage == DuckDbStorage.String ? col.Strings[row]! : throw WrongType(col, row, "string");
    }

    /// <summary>A BOOLEAN column's value.</summary>
    public bool GetBoolean(int row, int column)
    {
        var col = NotNull(row, column);
        return col.Storage == DuckDbStorage.Boolean ? col.Booleans[row] : throw WrongType(col, row, "bool");
    }

    /// <summary>
    /// A TIMESTAMP (read as UTC), TIMESTAMPTZ (an instant, returned at offset zero) or DATE (midnight UTC).
    /// Throws OverflowException for values outside DateTimeOffset's range (e.g. 'infinity').
    /// </summary>
    public DateTimeOffset GetDateTimeOffset(int row, int column)
    {
        var col = NotNull(row, column);
        Func<long, DateTimeOffset?> convert = col.Type switch
        {
            DuckDbType.Timestamp or DuckDbType.TimestampTz => raw => DuckDbTime.FromUnix(raw, TimeSpan.TicksPerMicrosecond),
            DuckDbType.TimestampSeconds => raw => DuckDbTime.FromUnix(raw, TimeSpan.TicksPerSecond),
            DuckDbType.TimestampMilliseconds => raw => DuckDbTime.FromUnix(raw, TimeSpan.TicksPerMillisecond),
            DuckDbType.TimestampNanoseconds => DuckDbTime.FromUnixNanos,
            DuckDbType.Date => raw => DuckDbTime.FromUnix(raw, TimeSpan.TicksPerDay),
            _ => throw WrongType(col, row, "DateTimeOffset"),
        };
        var value = col.Int64s[row];
        return convert(value) ?? throw new OverflowException(Describe(col, row, $"value {value} is outside the range of DateTimeOffset"));
    }

    /// <summary>
    /// The value as its natural .NET type: bool, long (integers to 32-bit unsigned and BIGINT), Int128
    /// (HUGEINT, UBIGINT), double, decimal, string, DateTimeOffset (timestamps), DateOnly (DATE),
    /// TimeSpan (TIME); null for SQL NULL.
    /// </summary>
    public object? GetValue(int row, int column)
    {
        var col = Cell(row, column);
        if (col.IsNull(row))
        {
            return null;
        }

        return col.Type switch
        {
            DuckDbType.Date => DateOnly.FromDateTime(GetDateTimeOffset(row, column).UtcDateTime),
            DuckDbType.Time => TimeSpan.FromMicroseconds(col.Int64s[row]),
            DuckDbType.Timestamp or DuckDbType.TimestampTz or DuckDbType.TimestampSeconds
                or DuckDbType.TimestampMilliseconds or DuckDbType.TimestampNanoseconds => GetDateTimeOffset(row, column),
            _ => col.Storage switch
            {
                DuckDbStorage.Int64 => col.Int64s[row],
                DuckDbStorage.Int128 => col.Int128s[row],
                DuckDbStorage.Decimal => GetDecimal(row, column),
                DuckDbStorage.Double => col.Doubles[row],
                DuckDbStorage.String => col.Strings[row],
                DuckDbStorage.Boolean => col.Booleans[row],
                _ => throw WrongType(col, row, "a .NET value"),
            },
        };
    }

    private DuckDbColumn Column(int column)
    {
        if ((uint)column >= (uint)_columns.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(column), column, $"DuckDB '{_databasePath}': the result has {_columns.Length} column(s).");
        }

        return _columns[column];
    }

    private DuckDbColumn Cell(int row, int column)
    {
        var col = Column(column);
        if ((uint)row >= (uint)RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"DuckDB '{_databasePath}': the result has {RowCount} row(s).");
        }

        return col;
    }

    private DuckDbColumn NotNull(int row, int column)
    {
        var col = Cell(row, column);
        return col.IsNull(row)
            ? throw new InvalidOperationException(Describe(col, row, "value is NULL; check IsNull first"))
            : col;
    }

    private InvalidCastException WrongType(DuckDbColumn col, int row, string wanted) =>
        new(Describe(col, row, col.Storage == DuckDbStorage.Unsupported
            ? $"type {col.Type} is not read by DuckDbResult; cast it in SQL (e.g. {col.Name}::VARCHAR)"
            : $"type {col.Type} cannot be read as {wanted}"));

    private string Describe(DuckDbColumn col, int row, string what) =>
        $"DuckDB '{_databasePath}': column '{col.Name}' row {row}: {what}.";

    private static decimal Pow10(int scale)
    {
        var result = 1m;
        for (var i = 0; i < scale; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
