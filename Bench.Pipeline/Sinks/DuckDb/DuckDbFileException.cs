namespace Bench.Pipeline.Sinks.DuckDb;

/// <summary>
/// A DuckDB failure with the context a user needs: which database file and which statement or step, e.g.
/// <c>DuckDB '/data/results.duckdb': Catalog Error: Table with name x does not exist! (query: SELECT * FROM x)</c>.
/// The library's own exception (DuckDB.NET's DuckDBException) is the inner exception.
/// </summary>
public sealed class DuckDbFileException : Exception
{
    public DuckDbFileException()
        : this("DuckDB operation failed.")
    {
    }

    public DuckDbFileException(string message)
        : this(message, innerException: null)
    {
    }

    public DuckDbFileException(string message, Exception? innerException)
        : base(message, innerException)
    {
        DatabasePath = string.Empty;
        Operation = string.Empty;
        NativeMessage = message;
    }

    public DuckDbFileException(string databasePath, string nativeMessage, string operation, Exception? innerException)
        : base($"DuckDB '{databasePath}': {nativeMessage} ({operation})", innerException)
    {
        DatabasePath = databasePath;
        NativeMessage = nativeMessage;
        Operation = operation;
    }

    /// <summary>The database path as the user gave it (made absolute), or ":memory:".</summary>
    public string DatabasePath { get; }

    /// <summary>DuckDB's own message, e.g. "Catalog Error: Table with name x does not exist!".</summary>
    public string NativeMessage { get; }

    /// <summary>What was being done, e.g. "query: SELECT ..." or "appending to table 'stg_...'".</summary>
    public string Operation { get; }
}
