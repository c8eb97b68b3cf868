namespace Bench.Pipeline.DuckDb;

/// <summary>
/// An open DuckDB database (a file, or in memory). Open connections with <see cref="Connect"/>; a database
/// may be shared by several threads, each with its own connection. The file stays open (and locked) until
/// this object and every connection, statement and appender made from it are disposed.
/// </summary>
public sealed class DuckDbDatabase : IDisposable
{
    /// <summary>The path DuckDB understands as "in memory".</summary>
    public const string InMemoryPath = ":memory:";

    private readonly SafeDuckDbDatabaseHandle _handle;

    private DuckDbDatabase(SafeDuckDbDatabaseHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The path as given to Open, or ":memory:". Used in every error message.</summary>
    public string Path { get; }

    /// <summary>The loaded libduckdb's version, e.g. "v1.5.6".</summary>
    public static string LibraryVersion
    {
        get
        {
            DuckDbNativeLibrary.EnsureResolverRegistered();
            try
            {
                return DuckDbErrors.ReadBorrowedUtf8(Interop.DuckDb.duckdb_library_version());
            }
            catch (DllNotFoundException e)
            {
                throw DuckDbErrors.Failure(InMemoryPath, DuckDbNativeLibrary.DescribeLoadFailure(), "reading the library version", e);
            }
        }
    }

    /// <summary>
    /// Opens (or creates) the database file at <paramref name="path"/>. <paramref name="options"/> are DuckDB
    /// settings applied at open, e.g. <c>threads</c>, <c>memory_limit</c>, <c>access_mode=READ_ONLY</c>.
    /// </summary>
    /// <exception cref="DuckDbException">The file is not a DuckDB database, is locked by another process,
    /// its directory is missing, an option is unknown, or libduckdb.so cannot be loaded.</exception>
    public static DuckDbDatabase Open(string path, IReadOnlyDictionary<string, string>? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return OpenCore(path, options);
    }

    /// <summary>Opens a new, private in-memory database.</summary>
    public static DuckDbDatabase OpenInMemory(IReadOnlyDictionary<string, string>? options = null) =>
        OpenCore(InMemoryPath, options);

    /// <summary>Opens a new connection. Each connection is for one thread at a time.</summary>
    public DuckDbConnection Connect()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var state = Interop.DuckDb.duckdb_connect(_handle, out var connection);
        if (state != Interop.DuckDb.State.Success || connection.IsInvalid)
        {
            connection.Dispose();
            throw DuckDbErrors.Failure(Path, "duckdb_connect failed", "connecting");
        }

        connection.SetOwner(_handle);
        return new DuckDbConnection(connection, Path);
    }

    /// <summary>Closes the database once its connections are closed too. Safe to call twice.</summary>
    public void Dispose() => _handle.Dispose();

    private static DuckDbDatabase OpenCore(string path, IReadOnlyDictionary<string, string>? options)
    {
        DuckDbNativeLibrary.EnsureResolverRegistered();
        try
        {
            using var config = CreateConfig(path, options);
            var state = Interop.DuckDb.duckdb_open_ext(path, out var database, config, out var error);
            var message = DuckDbErrors.ReadBorrowedUtf8(error);
            if (error != 0)
            {
                Interop.DuckDb.duckdb_free(error);
            }

            if (state != Interop.DuckDb.State.Success || database.IsInvalid)
            {
                database.Dispose();
                throw DuckDbErrors.Failure(path, message.Length > 0 ? message : "duckdb_open_ext failed", "opening database");
            }

            return new DuckDbDatabase(database, path);
        }
        catch (DllNotFoundException e)
        {
            throw DuckDbErrors.Failure(path, DuckDbNativeLibrary.DescribeLoadFailure(), "opening database", e);
        }
    }

    private static SafeDuckDbConfigHandle CreateConfig(string path, IReadOnlyDictionary<string, string>? options)
    {
        if (Interop.DuckDb.duckdb_create_config(out var config) != Interop.DuckDb.State.Success || config.IsInvalid)
        {
            config.Dispose();
            throw DuckDbErrors.Failure(path, "duckdb_create_config failed", "opening database");
        }

        foreach (var (name, value) in options ?? new Dictionary<string, string>())
        {
            if (Interop.DuckDb.duckdb_set_config(config, name, value) != Interop.DuckDb.State.Success)
            {
                config.Dispose();
                throw DuckDbErrors.Failure(
                    path, $"DuckDB rejected the setting {name}='{value}' (unknown option or invalid value)", "opening database");
            }
        }

        return config;
    }
}
