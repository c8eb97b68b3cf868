using Bench.Pipeline.Analysis;
using Bench.Pipeline.DuckDb;
using Bench.Pipeline.Timeline;

namespace Bench.Pipeline.Sinks.DuckDb;

/// <summary>One file's or Slurm job's results on their way into DuckDB; see <see cref="DuckDbResultSink"/>.</summary>
public sealed class DuckDbResultWriter : IResultWriter
{
    private readonly DuckDbConnection _connection;
    private readonly ResultDestination _target;
    private readonly Action _released;
    private readonly DuckDbTransaction _transaction;
    private readonly string? _staging;
    private DuckDbAppender? _appender;
    private bool _done;

    internal DuckDbResultWriter(DuckDbConnection connection, ResultDestination target, Action released)
    {
        _connection = connection;
        _target = target;
        _released = released;
        _transaction = connection.BeginTransaction();
        try
        {
            TableName = target.SharedTable ?? ChooseTableName();
            if (target.SharedTable is null)
            {
                _staging = "stg_" + Guid.NewGuid().ToString("N")[..16];
                _connection.Execute(SqlDialect.DuckDb.CreateTable(_staging, ResultSchema.TimelineColumns));
            }
        }
        catch
        {
            _transaction.Dispose();
            released();
            throw;
        }
    }

    public string TableName { get; }

    public void Write(NodeTimeline timeline)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_staging is null)
        {
            throw new InvalidOperationException($"DuckDB: the timeline of '{_target.Key}' is the shared table {TableName}; it takes no rows");
        }

        _appender ??= _connection.CreateAppender(_staging);
        var doubles = ResultRows.TimelineDoubles(timeline);
        for (var row = 0; row < timeline.Length; row++)
        {
            _appender.Append(timeline.StepAt(row)).Append(timeline.Node).Append(timeline.Epoch[row]);
            foreach (var column in doubles)
            {
                var value = column[row];
                if (double.IsNaN(value))
                {
                    _appender.AppendNull();
                }
                else
                {
                    _appender.Append(value);
                }
            }

            _appender.EndRow();
        }
    }

    public void Commit(AnalysisResult result, ResultProvenance provenance)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _appender?.Close();
        _appender = null;
        var tables = _target.Tables;
        if (_staging is not null)
        {
            var table = SqlDialect.Quote(TableName);
            _connection.Execute($"DROP TABLE IF EXISTS {table}");
            _connection.Execute($"ALTER TABLE {SqlDialect.Quote(_staging)} RENAME TO {table}");
        }
        else if (OwnTable() is { } previous && previous != TableName)
        {
            _connection.Execute($"DROP TABLE IF EXISTS {SqlDialect.Quote(previous)}"); // the job shrank to one file
        }

        _connection.Execute($"DELETE FROM {tables.SummaryTable} WHERE {SqlDialect.Quote(tables.KeyColumn)} = ?", _target.Key);
        var columns = tables.SummaryColumns;
        var placeholders = string.Join(", ", columns.Select(_ => "?"));
        _connection.Execute(
            $"INSERT INTO {tables.SummaryTable} ({SqlDialect.ColumnList(columns)}) VALUES ({placeholders})",
            _target.Row(TableName, result, provenance));
        _transaction.Commit();
        Finish();
    }

    public void Dispose()
    {
        if (_done)
        {
            return;
        }

        try
        {
            _appender?.Dispose();
        }
        finally
        {
            _transaction.Dispose(); // rolls back: the old table and summary stay as they were
            Finish();
        }
    }

    private void Finish()
    {
        _done = true;
        _released();
    }

    private string ChooseTableName()
    {
        var plain = _target.PlainTableName;
        var tables = _target.Tables;
        var found = _connection.Query(
            $"SELECT {SqlDialect.Quote(tables.KeyColumn)}, table_name FROM {tables.SummaryTable} WHERE {SqlDialect.Quote(tables.KeyColumn)} = ? OR table_name = ?", _target.Key, plain);
        var plainTaken = false;
        for (var row = 0; row < found.RowCount; row++)
        {
            var table = found.GetString(row, 1)!;
            if (found.GetString(row, 0) == _target.Key && tables.Owns(table))
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
        var found = _connection.Query(
            $"SELECT table_name FROM {tables.SummaryTable} WHERE {SqlDialect.Quote(tables.KeyColumn)} = ?", _target.Key);
        var table = found.RowCount > 0 ? found.GetString(0, 0) : null;
        return table is not null && tables.Owns(table) ? table : null;
    }
}
