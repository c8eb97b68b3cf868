using System.Runtime.InteropServices;

namespace Bench.Pipeline.DuckDb;

/// <summary>Raw calls into libduckdb (C API, DuckDB 1.5). C names kept exactly; nothing here is public.</summary>
internal static partial class Interop
{
    internal static partial class DuckDb
    {
        internal const string Library = "duckdb";

        // ---- database ----

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial State duckdb_open_ext(
            string? path, out SafeDuckDbDatabaseHandle outDatabase, SafeDuckDbConfigHandle config, out nint outError);

        [LibraryImport(Library)]
        internal static partial void duckdb_close(ref nint database);

        [LibraryImport(Library)]
        internal static partial nint duckdb_library_version();

        [LibraryImport(Library)]
        internal static partial State duckdb_create_config(out SafeDuckDbConfigHandle outConfig);

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial State duckdb_set_config(SafeDuckDbConfigHandle config, string name, string option);

        [LibraryImport(Library)]
        internal static partial void duckdb_destroy_config(ref nint config);

        [LibraryImport(Library)]
        internal static partial void duckdb_free(nint ptr);

        // ---- connection ----

        [LibraryImport(Library)]
        internal static partial State duckdb_connect(SafeDuckDbDatabaseHandle database, out SafeDuckDbConnectionHandle outConnection);

        [LibraryImport(Library)]
        internal static partial void duckdb_disconnect(ref nint connection);

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial State duckdb_query(SafeDuckDbConnectionHandle connection, string query, SafeDuckDbResultHandle outResult);

        // ---- result ----

        [LibraryImport(Library)]
        internal static partial void duckdb_destroy_result(nint result);

        [LibraryImport(Library)]
        internal static partial nint duckdb_result_error(SafeDuckDbResultHandle result);

        [LibraryImport(Library)]
        internal static partial DuckDbErrorType duckdb_result_error_type(SafeDuckDbResultHandle result);

        [LibraryImport(Library)]
        internal static partial ulong duckdb_column_count(SafeDuckDbResultHandle result);

        [LibraryImport(Library)]
        internal static partial nint duckdb_column_name(SafeDuckDbResultHandle result, ulong column);

        [LibraryImport(Library)]
        internal static partial DuckDbType duckdb_column_type(SafeDuckDbResultHandle result, ulong column);

        [LibraryImport(Library)]
        internal static partial SafeDuckDbLogicalTypeHandle duckdb_column_logical_type(SafeDuckDbResultHandle result, ulong column);

        [LibraryImport(Library)]
        internal static partial ulong duckdb_rows_changed(SafeDuckDbResultHandle result);

        [LibraryImport(Library)]
        internal static partial SafeDuckDbDataChunkHandle duckdb_fetch_chunk(Result result);

        // ---- logical types (decimal scale) ----

        [LibraryImport(Library)]
        internal static partial byte duckdb_decimal_scale(SafeDuckDbLogicalTypeHandle type);

        [LibraryImport(Library)]
        internal static partial DuckDbType duckdb_decimal_internal_type(SafeDuckDbLogicalTypeHandle type);

        [LibraryImport(Library)]
        internal static partial void duckdb_destroy_logical_type(ref nint type);

        // ---- data chunks and vectors (vectors belong to their chunk) ----

        [LibraryImport(Library)]
        internal static partial ulong duckdb_data_chunk_get_size(SafeDuckDbDataChunkHandle chunk);

        [LibraryImport(Library)]
        internal static partial nint duckdb_data_chunk_get_vector(SafeDuckDbDataChunkHandle chunk, ulong column);

        [LibraryImport(Library)]
        internal static partial nint duckdb_vector_get_data(nint vector);

        [LibraryImport(Library)]
        internal static partial nint duckdb_vector_get_validity(nint vector);

        [LibraryImport(Library)]
        internal static partial void duckdb_destroy_data_chunk(ref nint chunk);

        // ---- prepared statements ----

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial State duckdb_prepare(
            SafeDuckDbConnectionHandle connection, string query, out SafeDuckDbPreparedStatementHandle outStatement);

        [LibraryImport(Library)]
        internal static partial nint duckdb_prepare_error(SafeDuckDbPreparedStatementHandle statement);

        [LibraryImport(Library)]
        internal static partial void duckdb_destroy_prepare(ref nint statement);

        [LibraryImport(Library)]
        internal static partial ulong duckdb_nparams(SafeDuckDbPreparedStatementHandle statement);

        [LibraryImport(Library)]
        internal static partial State duckdb_clear_bindings(SafeDuckDbPreparedStatementHandle statement);

        [LibraryImport(Library)]
        internal static partial State duckdb_bind_int64(SafeDuckDbPreparedStatementHandle statement, ulong index, long value);

        [LibraryImport(Library)]
        internal static partial State duckdb_bind_double(SafeDuckDbPreparedStatementHandle statement, ulong index, double value);

        [LibraryImport(Library)]
        internal static partial State duckdb_bind_boolean(
            SafeDuckDbPreparedStatementHandle statement, ulong index, [MarshalAs(UnmanagedType.U1)] bool value);

        [LibraryImport(Library)]
        internal static unsafe partial State duckdb_bind_varchar_length(
            SafeDuckDbPreparedStatementHandle statement, ulong index, byte* value, ulong length);

        [LibraryImport(Library)]
        internal static partial DuckDbType duckdb_param_type(SafeDuckDbPreparedStatementHandle statement, ulong index);

        [LibraryImport(Library)]
        internal static partial State duckdb_bind_timestamp(SafeDuckDbPreparedStatementHandle statement, ulong index, Timestamp value);

        [LibraryImport(Library)]
        internal static partial State duckdb_bind_timestamp_tz(SafeDuckDbPreparedStatementHandle statement, ulong index, Timestamp value);

        [LibraryImport(Library)]
        internal static partial State duckdb_bind_null(SafeDuckDbPreparedStatementHandle statement, ulong index);

        [LibraryImport(Library)]
        internal static partial State duckdb_execute_prepared(SafeDuckDbPreparedStatementHandle statement, SafeDuckDbResultHandle outResult);

        // ---- appender ----

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial State duckdb_appender_create(
            SafeDuckDbConnectionHandle connection, string? schema, string table, out SafeDuckDbAppenderHandle outAppender);

        [LibraryImport(Library)]
        internal static partial nint duckdb_appender_error(SafeDuckDbAppenderHandle appender);

        [LibraryImport(Library)]
        internal static partial ulong duckdb_appender_column_count(SafeDuckDbAppenderHandle appender);

        [LibraryImport(Library)]
        internal static partial State duckdb_appender_flush(SafeDuckDbAppenderHandle appender);

        [LibraryImport(Library)]
        internal static partial State duckdb_appender_clear(SafeDuckDbAppenderHandle appender);

        [LibraryImport(Library)]
        internal static partial State duckdb_appender_close(SafeDuckDbAppenderHandle appender);

        [LibraryImport(Library)]
        internal static partial State duckdb_appender_destroy(ref nint appender);

        [LibraryImport(Library)]
        internal static partial State duckdb_appender_end_row(SafeDuckDbAppenderHandle appender);

        [LibraryImport(Library)]
        internal static partial State duckdb_append_int64(SafeDuckDbAppenderHandle appender, long value);

        [LibraryImport(Library)]
        internal static partial State duckdb_append_double(SafeDuckDbAppenderHandle appender, double value);

        [LibraryImport(Library)]
        internal static partial State duckdb_append_bool(SafeDuckDbAppenderHandle appender, [MarshalAs(UnmanagedType.U1)] bool value);

        [LibraryImport(Library)]
        internal static unsafe partial State duckdb_append_varchar_length(SafeDuckDbAppenderHandle appender, byte* value, ulong length);

        [LibraryImport(Library)]
        internal static partial State duckdb_append_timestamp(SafeDuckDbAppenderHandle appender, Timestamp value);

        [LibraryImport(Library)]
        internal static partial State duckdb_append_null(SafeDuckDbAppenderHandle appender);
    }
}
