namespace Bench.Pipeline.DuckDb;

/// <summary>
/// A failure reported by DuckDB (or in reaching it), with DuckDB's own message, the database it concerns
/// and what we were doing, e.g.
/// <c>DuckDB 'results.duckdb': Catalog Error: Table with name x does not exist! (query: SELECT * FROM x)</c>.
/// </summary>
public sealed class DuckDbException : Exception
{
    public DuckDbException()
        : this("DuckDB operation failed.")
    {
    }

    public DuckDbException(string message)
        : this(message, innerException: null)
    {
    }

    public DuckDbException(string message, Exception? innerException)
        : base(message, innerException)
    {
        DatabasePath = string.Empty;
        Operation = string.Empty;
        NativeMessage = message;
    }

    internal DuckDbException(
        string databasePath, string nativeMessage, string operation, DuckDbErrorType errorType = DuckDbErrorType.Invalid,
        Exception? innerException = null)
        : base(Format(databasePath, nativeMessage, operation), innerException)
    {
        DatabasePath = databasePath;
        NativeMessage = nativeMessage;
        Operation = operation;
        ErrorType = errorType;
    }

    /// <summary>The database path as given to <see cref="DuckDbDatabase.Open(string, IReadOnlyDictionary{string, string}?)"/>, or ":memory:".</summary>
    public string DatabasePath { get; }

    /// <summary>DuckDB's own message (e.g. "Catalog Error: Table with name x does not exist!...").</summary>
    public string NativeMessage { get; }

    /// <summary>What we were doing, e.g. "query: SELECT ..." or "appending to table 'job_x'".</summary>
    public string Operation { get; }

    /// <summary>DuckDB's error class when it reported one (query and statement errors), else Invalid.</summary>
    public DuckDbErrorType ErrorType { get; }

    private static string Format(string databasePath, string nativeMessage, string operation) =>
        $"DuckDB '{databasePath}': {nativeMessage} ({operation})";
}
