using System.Text;

namespace Bench.Pipeline.DuckDb;

/// <summary>
/// A prepared statement with positional parameters, numbered from 1 like $1 in the SQL. Bindings stay
/// until rebound or cleared, so a statement can be bound and run many times. Same thread rule as its
/// connection.
/// </summary>
public sealed class DuckDbPreparedStatement : IDisposable
{
    private static readonly byte[] EmptyUtf8 = [0];

    private readonly SafeDuckDbPreparedStatementHandle _handle;
    private readonly DuckDbConnection _connection;

    internal DuckDbPreparedStatement(SafeDuckDbPreparedStatementHandle handle, DuckDbConnection connection, string sql)
    {
        _handle = handle;
        _connection = connection;
        Sql = sql;
        ParameterCount = (int)Interop.DuckDb.duckdb_nparams(handle);
    }

    /// <summary>The statement's SQL text.</summary>
    public string Sql { get; }

    /// <summary>Number of parameters ($1..$n).</summary>
    public int ParameterCount { get; }

    private SafeDuckDbPreparedStatementHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>Binds a BIGINT.</summary>
    public DuckDbPreparedStatement Bind(int index, long value) =>
        Check(Interop.DuckDb.duckdb_bind_int64(Handle, Index(index), value), index, "BIGINT");

    /// <summary>Binds a DOUBLE.</summary>
    public DuckDbPreparedStatement Bind(int index, double value) =>
        Check(Interop.DuckDb.duckdb_bind_double(Handle, Index(index), value), index, "DOUBLE");

    /// <summary>Binds a BOOLEAN.</summary>
    public DuckDbPreparedStatement Bind(int index, bool value) =>
        Check(Interop.DuckDb.duckdb_bind_boolean(Handle, Index(index), value), index, "BOOLEAN");

    /// <summary>Binds a VARCHAR (UTF-8); null binds NULL.</summary>
    public unsafe DuckDbPreparedStatement Bind(int index, string? value)
    {
        if (value is null)
        {
            return BindNull(index);
        }

        var slot = Index(index);
        var bytes = Encoding.UTF8.GetBytes(value);
        // A zero-length array pins to null; give DuckDB a valid pointer for the empty string.
        fixed (byte* p = bytes.Length == 0 ? EmptyUtf8 : bytes)
        {
            return Check(Interop.DuckDb.duckdb_bind_varchar_length(Handle, slot, p, (ulong)bytes.Length), index, "VARCHAR");
        }
    }

    /// <summary>
    /// Binds an instant: as TIMESTAMP (UTC wall-clock time) where DuckDB expects a TIMESTAMP, else as
    /// TIMESTAMPTZ. Choosing by the parameter's type keeps the session TimeZone out of it, as in the appender.
    /// </summary>
    public DuckDbPreparedStatement Bind(int index, DateTimeOffset value)
    {
        var slot = Index(index);
        var micros = new Interop.DuckDb.Timestamp { Micros = DuckDbTime.ToUnixMicros(value) };
        return Interop.DuckDb.duckdb_param_type(Handle, slot) == DuckDbType.Timestamp
            ? Check(Interop.DuckDb.duckdb_bind_timestamp(Handle, slot, micros), index, "TIMESTAMP")
            : Check(Interop.DuckDb.duckdb_bind_timestamp_tz(Handle, slot, micros), index, "TIMESTAMPTZ");
    }

    /// <summary>Binds SQL NULL.</summary>
    public DuckDbPreparedStatement BindNull(int index) =>
        Check(Interop.DuckDb.duckdb_bind_null(Handle, Index(index)), index, "NULL");

    /// <summary>
    /// Binds a value by its runtime type: null/DBNull (NULL), bool, sbyte/byte/short/ushort/int/uint/long
    /// (BIGINT), float/double (DOUBLE), string (VARCHAR), DateTimeOffset or UTC DateTime (TIMESTAMPTZ).
    /// </summary>
    public DuckDbPreparedStatement BindValue(int index, object? value) => value switch
    {
        null or DBNull => BindNull(index),
        bool b => Bind(index, b),
        sbyte or byte or short or ushort or int or uint or long => Bind(index, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
        float f => Bind(index, (double)f),
        double d => Bind(index, d),
        string s => Bind(index, s),
        DateTimeOffset t => Bind(index, t),
        DateTime { Kind: DateTimeKind.Utc } t => Bind(index, new DateTimeOffset(t)),
        DateTime t => throw new ArgumentException(
            $"DuckDB '{_connection.DatabasePath}': parameter ${index} is a DateTime of kind {t.Kind}; pass a DateTimeOffset or a UTC DateTime.", nameof(value)),
        _ => throw new ArgumentException(
            $"DuckDB '{_connection.DatabasePath}': parameter ${index} has unsupported type {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>Binds <paramref name="values"/> to $1..$n by runtime type (see <see cref="BindValue"/>).</summary>
    public DuckDbPreparedStatement BindValues(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != ParameterCount)
        {
            throw new ArgumentException(
                $"DuckDB '{_connection.DatabasePath}': {values.Length} value(s) given for {ParameterCount} parameter(s) " +
                $"({DuckDbErrors.DescribeSql("statement", Sql)}).", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            BindValue(i + 1, values[i]);
        }

        return this;
    }

    /// <summary>Clears all bindings (parameters become unbound, not NULL).</summary>
    public void ClearBindings()
    {
        if (Interop.DuckDb.duckdb_clear_bindings(Handle) != Interop.DuckDb.State.Success)
        {
            throw DuckDbErrors.Failure(_connection.DatabasePath, "duckdb_clear_bindings failed", DuckDbErrors.DescribeSql("statement", Sql));
        }
    }

    /// <summary>Runs the statement and returns the rows changed.</summary>
    public long Execute()
    {
        using var result = new SafeDuckDbResultHandle();
        Run(result);
        return (long)Interop.DuckDb.duckdb_rows_changed(result);
    }

    /// <summary>Runs the statement and copies its result into memory.</summary>
    public DuckDbResult Query()
    {
        using var result = new SafeDuckDbResultHandle();
        Run(result);
        return DuckDbResultReader.Read(result, _connection.DatabasePath, DuckDbErrors.DescribeSql("executing", Sql));
    }

    /// <summary>Frees the statement. Safe to call twice.</summary>
    public void Dispose() => _handle.Dispose();

    private void Run(SafeDuckDbResultHandle result)
    {
        if (Interop.DuckDb.duckdb_execute_prepared(Handle, result) != Interop.DuckDb.State.Success)
        {
            throw DuckDbErrors.FromResult(result, _connection.DatabasePath, DuckDbErrors.DescribeSql("executing", Sql));
        }
    }

    private ulong Index(int index)
    {
        if (index < 1 || index > ParameterCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index,
                $"DuckDB '{_connection.DatabasePath}': parameters are numbered 1..{ParameterCount} ({DuckDbErrors.DescribeSql("statement", Sql)}).");
        }

        return (ulong)index;
    }

    private DuckDbPreparedStatement Check(Interop.DuckDb.State state, int index, string type) =>
        state == Interop.DuckDb.State.Success
            ? this
            : throw DuckDbErrors.Failure(
                _connection.DatabasePath, $"could not bind {type} to parameter ${index}", DuckDbErrors.DescribeSql("statement", Sql));
}
