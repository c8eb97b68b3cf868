using System.Runtime.InteropServices;

namespace Bench.Pipeline.DuckDb;

/// <summary>The one place where DuckDB failures become <see cref="DuckDbException"/>s.</summary>
internal static class DuckDbErrors
{
    private const int MaxSqlInMessage = 300;

    /// <summary>"query: SELECT ..." on one line, shortened.</summary>
    internal static string DescribeSql(string verb, string sql)
    {
        var oneLine = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (oneLine.Length > MaxSqlInMessage)
        {
            oneLine = string.Concat(oneLine.AsSpan(0, MaxSqlInMessage), "...");
        }

        return $"{verb}: {oneLine}";
    }

    /// <summary>Reads a NUL-terminated UTF-8 string that DuckDB owns (never freed here).</summary>
    internal static string ReadBorrowedUtf8(nint text) =>
        text == 0 ? string.Empty : Marshal.PtrToStringUTF8(text) ?? string.Empty;

    internal static DuckDbException FromResult(SafeDuckDbResultHandle result, string databasePath, string operation)
    {
        var message = ReadBorrowedUtf8(Interop.DuckDb.duckdb_result_error(result));
        var type = Interop.DuckDb.duckdb_result_error_type(result);
        return new DuckDbException(databasePath, OrUnknown(message), operation, type);
    }

    internal static DuckDbException FromPreparedStatement(
        SafeDuckDbPreparedStatementHandle statement, string databasePath, string operation)
    {
        var message = statement.IsInvalid ? string.Empty : ReadBorrowedUtf8(Interop.DuckDb.duckdb_prepare_error(statement));
        return new DuckDbException(databasePath, OrUnknown(message), operation);
    }

    internal static DuckDbException FromAppender(SafeDuckDbAppenderHandle appender, string databasePath, string operation)
    {
        var message = appender.IsInvalid ? string.Empty : ReadBorrowedUtf8(Interop.DuckDb.duckdb_appender_error(appender));
        return new DuckDbException(databasePath, OrUnknown(message), operation);
    }

    internal static DuckDbException Failure(string databasePath, string message, string operation, Exception? inner = null) =>
        new(databasePath, message, operation, DuckDbErrorType.Invalid, inner);

    private static string OrUnknown(string message) =>
        message.Length == 0 ? "DuckDB reported an error without a message" : message;
}
