using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Bench.Pipeline.DuckDb;

/// <summary>
/// Bulk insert into one table: Append one value per column in table order, then <see cref="EndRow"/>.
/// DuckDB buffers rows and writes them on <see cref="Flush"/>, <see cref="Close"/> or Dispose; errors
/// (wrong column count, bad conversion, constraint violation, ...) surface as <see cref="DuckDbException"/>
/// with DuckDB's message. After such an error the appender is faulted: further calls throw, and disposing
/// it discards the rows not yet flushed. Same thread rule as its connection.
/// </summary>
public sealed class DuckDbAppender : IDisposable
{
    private const int StackEncodeLimit = 512;

    private readonly SafeDuckDbAppenderHandle _handle;
    private readonly string _databasePath;
    private int _column;
    private bool _closed;
    private bool _faulted;

    internal DuckDbAppender(SafeDuckDbAppenderHandle handle, string databasePath, string table)
    {
        _handle = handle;
        _databasePath = databasePath;
        Table = table;
        ColumnCount = (int)Interop.DuckDb.duckdb_appender_column_count(handle);
    }

    /// <summary>The target table (schema-qualified if a schema was given).</summary>
    public string Table { get; }

    /// <summary>Number of columns each row must have.</summary>
    public int ColumnCount { get; }

    /// <summary>Rows completed with EndRow so far.</summary>
    public long RowsAppended { get; private set; }

    private SafeDuckDbAppenderHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed || _closed, this);
            if (_faulted)
            {
                throw new InvalidOperationException(
                    $"DuckDB '{_databasePath}': the appender for table '{Table}' failed earlier (see that error); dispose it and start again.");
            }

            return _handle;
        }
    }

    /// <summary>Appends a BIGINT (DuckDB casts to the column's type).</summary>
    public DuckDbAppender Append(long value) => Check(Interop.DuckDb.duckdb_append_int64(Handle, value));

    /// <summary>Appends a DOUBLE.</summary>
    public DuckDbAppender Append(double value) => Check(Interop.DuckDb.duckdb_append_double(Handle, value));

    /// <summary>Appends a BOOLEAN.</summary>
    public DuckDbAppender Append(bool value) => Check(Interop.DuckDb.duckdb_append_bool(Handle, value));

    /// <summary>Appends a VARCHAR (UTF-8); null appends NULL.</summary>
    [SkipLocalsInit]
    public unsafe DuckDbAppender Append(string? value)
    {
        if (value is null)
        {
            return AppendNull();
        }

        var handle = Handle;
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var buffer = max <= StackEncodeLimit ? stackalloc byte[StackEncodeLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            fixed (byte* p = buffer)
            {
                return Check(Interop.DuckDb.duckdb_append_varchar_length(handle, p, (ulong)length));
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Appends an instant as TIMESTAMP microseconds since the epoch, UTC.</summary>
    public DuckDbAppender Append(DateTimeOffset value) =>
        Check(Interop.DuckDb.duckdb_append_timestamp(Handle, new Interop.DuckDb.Timestamp { Micros = DuckDbTime.ToUnixMicros(value) }));

    /// <summary>Appends a BIGINT, or NULL.</summary>
    public DuckDbAppender Append(long? value) => value is { } v ? Append(v) : AppendNull();

    /// <summary>Appends a DOUBLE, or NULL.</summary>
    public DuckDbAppender Append(double? value) => value is { } v ? Append(v) : AppendNull();

    /// <summary>Appends a BOOLEAN, or NULL.</summary>
    public DuckDbAppender Append(bool? value) => value is { } v ? Append(v) : AppendNull();

    /// <summary>Appends a timestamp, or NULL.</summary>
    public DuckDbAppender Append(DateTimeOffset? value) => value is { } v ? Append(v) : AppendNull();

    /// <summary>Appends SQL NULL.</summary>
    public DuckDbAppender AppendNull() => Check(Interop.DuckDb.duckdb_append_null(Handle));

    /// <summary>Finishes the current row; DuckDB checks it has a value for every column.</summary>
    public void EndRow()
    {
        if (Interop.DuckDb.duckdb_appender_end_row(Handle) != Interop.DuckDb.State.Success)
        {
            throw Fault("ending");
        }

        RowsAppended++;
        _column = 0;
    }

    /// <summary>Writes buffered rows to the table. A failure (e.g. a constraint) discards the buffered rows.</summary>
    public void Flush()
    {
        if (Interop.DuckDb.duckdb_appender_flush(Handle) != Interop.DuckDb.State.Success)
        {
            _faulted = true;
            throw DuckDbErrors.FromAppender(_handle, _databasePath, $"flushing the appender for table '{Table}' after {RowsAppended} row(s)");
        }
    }

    /// <summary>
    /// Flushes and closes; the appender cannot be used afterwards. Throws DuckDB's error if the flush fails
    /// (including for a row left unfinished). On a faulted appender it only frees it. Safe to call twice.
    /// </summary>
    public void Close() => Release(flush: true);

    /// <summary>
    /// Flushes and closes like <see cref="Close"/>, except when the appender is faulted or a row was left
    /// half-appended (the sign of an exception thrown between appends): then the unflushed rows are
    /// discarded and nothing is thrown, so the first error is the one you see. Safe to call twice.
    /// </summary>
    public void Dispose() => Release(flush: !_faulted && _column == 0);

    private void Release(bool flush)
    {
        if (_closed || _handle.IsClosed)
        {
            return;
        }

        _closed = true;
        try
        {
            if (_faulted || !flush)
            {
                // Discard what is buffered so duckdb_appender_destroy has nothing left to flush.
                Interop.DuckDb.duckdb_appender_clear(_handle);
            }
            else if (Interop.DuckDb.duckdb_appender_close(_handle) != Interop.DuckDb.State.Success)
            {
                throw DuckDbErrors.FromAppender(_handle, _databasePath, $"closing the appender for table '{Table}' after {RowsAppended} row(s)");
            }
        }
        finally
        {
            _handle.Dispose();
        }
    }

    private DuckDbAppender Check(Interop.DuckDb.State state)
    {
        if (state != Interop.DuckDb.State.Success)
        {
            throw Fault("appending to");
        }

        _column++;
        return this;
    }

    private DuckDbException Fault(string verb)
    {
        _faulted = true;
        return DuckDbErrors.FromAppender(_handle, _databasePath, $"{verb} row {RowsAppended + 1}, column {_column + 1} of table '{Table}'");
    }
}
