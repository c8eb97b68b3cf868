using System.Data.Common;
using DuckDB.NET.Data;

namespace Bench.Pipeline.Sinks.DuckDb;

/// <summary>
/// One open connection to a DuckDB file through DuckDB.NET, opened with bounded memory and threads and with
/// extension download and autoloading off (attaching a SQLite or other foreign file must never reach the
/// network). Every DuckDB error comes out as a <see cref="DuckDbFileException"/> naming the file and the
/// statement. Not thread-safe, like the connection it wraps.
/// </summary>
public sealed class DuckDbFile : IDisposable
{
    private readonly DuckDBConnection _connection;

    private DuckDbFile(DuckDBConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    /// <summary>The absolute path of the file (or ":memory:"): what every error names.</summary>
    public string Path { get; }

    /// <summary>The underlying ADO.NET connection, for what this type does not wrap.</summary>
    public DuckDBConnection Connection => _connection;

    /// <summary>Opens (or, unless read-only, creates) the database file.</summary>
    /// <exception cref="DuckDbFileException">Not a DuckDB file, locked by another process, missing (read-only), ...</exception>
    public static DuckDbFile Open(string path, DuckDbFileOptions? options = null)
    {
        options ??= DuckDbFileOptions.Default;
        var full = DuckDbPaths.Normalize(path);
        var builder = new DuckDBConnectionStringBuilder
        {
            DataSource = DuckDbPaths.DataSource(full),
            AutoinstallKnownExtensions = false,
            AutoloadKnownExtensions = false,
        };
        if (options.MemoryLimit is { } memoryLimit)
        {
            builder.MemoryLimit = memoryLimit;
        }

        if (options.Threads is { } threads)
        {
            builder.Threads = threads;
        }

        if (options.AccessReadOnly)
        {
            builder.AccessMode = DuckDBAccessMode.ReadOnly;
        }

        var connection = new DuckDBConnection(builder.ConnectionString);
        try
        {
            connection.Open();
        }
        catch (DbException e)
        {
            connection.Dispose();
            throw Wrap(full, e, options.AccessReadOnly ? "opening the database read-only" : "opening the database");
        }

        var file = new DuckDbFile(connection, full);
        try
        {
            file.Execute("SET TimeZone = 'UTC'"); // TIMESTAMPTZ values print and convert as UTC
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Runs a statement with positional parameters (?) and returns the rows it changed.</summary>
    public int Execute(string sql, params object?[] parameters)
    {
        using var command = Command(sql, parameters);
        return Run(Describe("statement", sql), command.ExecuteNonQuery);
    }

    /// <summary>Runs a query and copies its whole result into memory (TIMESTAMPTZ as a UTC DateTimeOffset).</summary>
    public DuckDbRows Query(string sql, params object?[] parameters)
    {
        using var command = Command(sql, parameters);
        return Run(Describe("query", sql), () =>
        {
            using var reader = command.ExecuteReader();
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var column = 0; column < row.Length; column++)
                {
                    row[column] = ReadValue(reader, column, names[column], sql);
                }

                rows.Add(row);
            }

            return new DuckDbRows(names, rows);
        });
    }

    /// <summary>Starts a transaction; disposing it uncommitted rolls it back.</summary>
    public DuckDBTransaction BeginTransaction() => Run("beginning a transaction", _connection.BeginTransaction);

    /// <summary>Commits <paramref name="transaction"/>, naming the file if DuckDB refuses.</summary>
    public void Commit(DuckDBTransaction transaction) => Run("committing", () =>
    {
        transaction.Commit();
        return 0;
    });

    /// <summary>An appender for bulk inserts into <paramref name="table"/> (columns in table order).</summary>
    public DuckDBAppender CreateAppender(string table) =>
        Run($"creating an appender for table '{table}'", () => _connection.CreateAppender(table));

    /// <summary>Runs <paramref name="action"/>, turning DuckDB's errors into ones naming this file and <paramref name="operation"/>.</summary>
    public T Run<T>(string operation, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return action();
        }
        catch (DbException e)
        {
            throw Wrap(Path, e, operation);
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>"query: SELECT ..." with long statements shortened, for error messages.</summary>
    public static string Describe(string verb, string sql)
    {
        const int Max = 200;
        var oneLine = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return $"{verb}: {(oneLine.Length <= Max ? oneLine : string.Concat(oneLine.AsSpan(0, Max), "..."))}";
    }

    private DuckDBCommand Command(string sql, object?[] parameters)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in parameters)
        {
            // TIMESTAMPTZ parameters go in as UTC DateTime: DuckDB.NET binds DateTime, not DateTimeOffset.
            command.Parameters.Add(new DuckDBParameter(value switch
            {
                null => DBNull.Value,
                DateTimeOffset t => t.UtcDateTime,
                _ => value,
            }));
        }

        return command;
    }

    private object? ReadValue(DuckDBDataReader reader, int column, string name, string sql)
    {
        try
        {
            return reader.IsDBNull(column) ? null : reader.GetValue(column) switch
            {
                // DuckDB.NET reads TIMESTAMPTZ as an unspecified DateTime holding UTC: say so.
                DateTime t when reader.GetDataTypeName(column) == "TimestampTz" => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
                var value => value,
            };
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidCastException or InvalidOperationException)
        {
            // DuckDB.NET has no .NET type for some DuckDB types (UNION, ...): a clear error, not a crash.
            throw new DuckDbFileException(Path, e.Message, $"reading column '{name}' of {Describe("query", sql)}", e);
        }
    }

    private static DuckDbFileException Wrap(string path, DbException e, string operation) =>
        new(path, e.Message, operation, e);
}

/// <summary>A query result copied into memory: column names and rows of CLR values (null for SQL NULL).</summary>
public sealed record DuckDbRows(IReadOnlyList<string> ColumnNames, IReadOnlyList<object?[]> Rows)
{
    public int RowCount => Rows.Count;

    public object? this[int row, int column] => Rows[row][column];
}
