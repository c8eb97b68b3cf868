using Bench.Pipeline.Analysis;
using Bench.Pipeline.Timeline;
using Npgsql;
using NpgsqlTypes;

namespace Bench.Pipeline.Sinks.Postgres;

/// <summary>One file's or Slurm job's results on their way into PostgreSQL; see <see cref="PostgresResultSink"/>.</summary>
public sealed class PostgresResultWriter : IResultWriter
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly ResultDestination _target;
    private readonly Action<NpgsqlConnection, NpgsqlTransaction>? _beforeCommit;
    private readonly string? _staging;
    private NpgsqlBinaryImporter? _import;
    private bool _done;

    internal PostgresResultWriter(NpgsqlConnection connection, ResultDestination target, Action<NpgsqlConnection, NpgsqlTransaction>? beforeCommit)
    {
        _connection = connection;
        _target = target;
        _beforeCommit = beforeCommit;
        _transaction = connection.BeginTransaction();
        TableName = target.SharedTable ?? ChooseTableName();
        if (target.SharedTable is null)
        {
            _staging = "stg_" + Guid.NewGuid().ToString("N")[..16];
            Execute(SqlDialect.Postgres.CreateTable(_staging, ResultSchema.TimelineColumns));
        }
    }

    public string TableName { get; }

    public void Write(NodeTimeline timeline)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_staging is null)
        {
            throw new InvalidOperationException($"PostgreSQL: the timeline of '{_target.Key}' is the shared table {TableName}; it takes no rows");
        }

        _import ??= _connection.BeginBinaryImport(
            $"COPY {SqlDialect.Quote(_staging)} ({SqlDialect.ColumnList(ResultSchema.TimelineColumns)}) FROM STDIN (FORMAT BINARY)");
        var doubles = ResultRows.TimelineDoubles(timeline);
        for (var row = 0; row < timeline.Length; row++)
        {
            _import.StartRow();
            _import.Write(timeline.StepAt(row), NpgsqlDbType.Text);
            _import.Write(timeline.Node, NpgsqlDbType.Text);
            _import.Write(timeline.Epoch[row], NpgsqlDbType.Bigint);
            foreach (var column in doubles)
            {
                var value = column[row];
                if (double.IsNaN(value))
                {
                    _import.WriteNull();
                }
                else
                {
                    _import.Write(value, NpgsqlDbType.Double);
                }
            }
        }
    }

    public void Commit(AnalysisResult result, ResultProvenance provenance)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_import is not null)
        {
            _import.Complete();
            _import.Dispose();
            _import = null;
        }

        if (_staging is not null)
        {
            Execute($"DROP TABLE IF EXISTS {SqlDialect.Quote(TableName)}");
            Execute($"ALTER TABLE {SqlDialect.Quote(_staging)} RENAME TO {SqlDialect.Quote(TableName)}");
        }
        else if (OwnTable() is { } previous && previous != TableName)
        {
            Execute($"DROP TABLE IF EXISTS {SqlDialect.Quote(previous)}"); // the job shrank to one file
        }

        UpsertSummary(_target.Row(TableName, result, provenance));
        _beforeCommit?.Invoke(_connection, _transaction);
        _transaction.Commit();
        _done = true;
        _connection.Dispose();
    }

    public void Dispose()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        try
        {
            _import?.Dispose(); // cancels an unfinished COPY
        }
        finally
        {
            _transaction.Dispose(); // rolls back: the old table and summary stay as they were
            _connection.Dispose();
        }
    }

    // Keeps the name this source already has; takes the plain name unless another source owns it.
    private string ChooseTableName()
    {
        var plain = _target.PlainTableName;
        var tables = _target.Tables;
        Execute($"SELECT pg_advisory_xact_lock(hashtext('bench.table.' || {Literal(plain)}))");
        using var command = new NpgsqlCommand(
            $"SELECT {SqlDialect.Quote(tables.KeyColumn)}, table_name FROM {tables.SummaryTable} WHERE {SqlDialect.Quote(tables.KeyColumn)} = @source OR table_name = @plain", _connection, _transaction);
        command.Parameters.AddWithValue("source", _target.Key);
        command.Parameters.AddWithValue("plain", plain);
        using var reader = command.ExecuteReader();
        var plainTaken = false;
        while (reader.Read())
        {
            var table = reader.GetString(1);
            if (reader.GetString(0) == _target.Key && tables.Owns(table))
            {
                return table;
            }

            plainTaken |= table == plain;
        }

        return plainTaken ? TableNames.WithHash(plain, _target.Key) : plain;
    }

    /// <summary>The table this row owned before, if it owned one (a job may have pointed at a file's table).</summary>
    private string? OwnTable()
    {
        var tables = _target.Tables;
        using var command = new NpgsqlCommand(
            $"SELECT table_name FROM {tables.SummaryTable} WHERE {SqlDialect.Quote(tables.KeyColumn)} = @key", _connection, _transaction);
        command.Parameters.AddWithValue("key", _target.Key);
        var table = command.ExecuteScalar() as string;
        return table is not null && tables.Owns(table) ? table : null;
    }

    private void UpsertSummary(object?[] values)
    {
        var tables = _target.Tables;
        var columns = tables.SummaryColumns;
        var names = SqlDialect.ColumnList(columns);
        var parameters = string.Join(", ", columns.Select((c, i) => c.Type == ColumnType.Json ? $"@p{i}::jsonb" : $"@p{i}"));
        var updates = string.Join(", ", columns.Skip(1).Select(c => $"{SqlDialect.Quote(c.Name)} = EXCLUDED.{SqlDialect.Quote(c.Name)}"));
        using var command = new NpgsqlCommand(
            $"INSERT INTO {tables.SummaryTable} ({names}) VALUES ({parameters}) ON CONFLICT ({SqlDialect.Quote(tables.KeyColumn)}) DO UPDATE SET {updates}",
            _connection,
            _transaction);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.Add(Parameter($"p{i}", columns[i].Type, values[i]));
        }

        command.ExecuteNonQuery();
    }

    private static NpgsqlParameter Parameter(string name, ColumnType type, object? value) => new(name, type switch
    {
        ColumnType.Text or ColumnType.Json => NpgsqlDbType.Text,
        ColumnType.BigInt => NpgsqlDbType.Bigint,
        ColumnType.Integer => NpgsqlDbType.Integer,
        ColumnType.Double => NpgsqlDbType.Double,
        ColumnType.Timestamp => NpgsqlDbType.TimestampTz,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    })
    {
        Value = value ?? DBNull.Value,
    };

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, _connection, _transaction);
        command.ExecuteNonQuery();
    }
}
