namespace Bench.Pipeline.DuckDb;

/// <summary>
/// A connection to a <see cref="DuckDbDatabase"/>. Not thread-safe: use a connection from one thread at a
/// time (open one per thread; the database itself is shared safely). Transactions, prepared statements
/// and appenders belong to the connection that made them.
/// </summary>
public sealed class DuckDbConnection : IDisposable
{
    private readonly SafeDuckDbConnectionHandle _handle;

    internal DuckDbConnection(SafeDuckDbConnectionHandle handle, string databasePath)
    {
        _handle = handle;
        DatabasePath = databasePath;
    }

    /// <summary>The database path, as given to Open (or ":memory:").</summary>
    public string DatabasePath { get; }

    internal SafeDuckDbConnectionHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>
    /// Runs one or more SQL statements (separated by ';') and returns the rows changed by the last one
    /// (0 for DDL and queries).
    /// </summary>
    public long Execute(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var result = new SafeDuckDbResultHandle();
        Run(sql, result);
        return (long)Interop.DuckDb.duckdb_rows_changed(result);
    }

    /// <summary>
    /// Prepares <paramref name="sql"/>, binds <paramref name="parameters"/> to $1, $2, ... (see
    /// <see cref="DuckDbPreparedStatement.BindValue"/> for the accepted types; a null array means one NULL),
    /// runs it and returns the rows changed.
    /// </summary>
    public long Execute(string sql, params object?[]? parameters)
    {
        using var statement = Prepare(sql);
        statement.BindValues(parameters ?? [null]);
        return statement.Execute();
    }

    /// <summary>Runs a query and copies its whole result into memory.</summary>
    public DuckDbResult Query(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var result = new SafeDuckDbResultHandle();
        Run(sql, result);
        return DuckDbResultReader.Read(result, DatabasePath, DuckDbErrors.DescribeSql("query", sql));
    }

    /// <summary>Runs a query with positional parameters ($1, $2, ...) and copies its result into memory.</summary>
    public DuckDbResult Query(string sql, params object?[]? parameters)
    {
        using var statement = Prepare(sql);
        statement.BindValues(parameters ?? [null]);
        return statement.Query();
    }

    /// <summary>Prepares a statement with positional parameters ($1 or ?), to run many times.</summary>
    public DuckDbPreparedStatement Prepare(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var state = Interop.DuckDb.duckdb_prepare(Handle, sql, out var statement);
        if (state != Interop.DuckDb.State.Success || statement.IsInvalid)
        {
            // DuckDB hands back a statement carrying the error even on failure; read it, then free it.
            using (statement)
            {
                throw DuckDbErrors.FromPreparedStatement(statement, DatabasePath, DuckDbErrors.DescribeSql("preparing", sql));
            }
        }

        statement.SetOwner(_handle);
        return new DuckDbPreparedStatement(statement, this, sql);
    }

    /// <summary>
    /// Starts a transaction (BEGIN TRANSACTION). Commit it explicitly; disposing it uncommitted rolls it back.
    /// </summary>
    public DuckDbTransaction BeginTransaction()
    {
        Execute("BEGIN TRANSACTION");
        return new DuckDbTransaction(this);
    }

    /// <summary>
    /// Creates an appender, the fast path for bulk inserts into <paramref name="table"/> (in
    /// <paramref name="schema"/>, default "main"). Values go in column order, one EndRow per row.
    /// </summary>
    public DuckDbAppender CreateAppender(string table, string? schema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        var state = Interop.DuckDb.duckdb_appender_create(Handle, schema, table, out var appender);
        if (state != Interop.DuckDb.State.Success || appender.IsInvalid)
        {
            using (appender)
            {
                throw DuckDbErrors.FromAppender(appender, DatabasePath, $"creating an appender for table '{Qualified(schema, table)}'");
            }
        }

        appender.SetOwner(_handle);
        return new DuckDbAppender(appender, DatabasePath, Qualified(schema, table));
    }

    /// <summary>Closes the connection (an open transaction is rolled back by DuckDB). Safe to call twice.</summary>
    public void Dispose() => _handle.Dispose();

    private void Run(string sql, SafeDuckDbResultHandle result)
    {
        if (Interop.DuckDb.duckdb_query(Handle, sql, result) != Interop.DuckDb.State.Success)
        {
            throw DuckDbErrors.FromResult(result, DatabasePath, DuckDbErrors.DescribeSql("query", sql));
        }
    }

    private static string Qualified(string? schema, string table) => schema is null ? table : $"{schema}.{table}";
}
