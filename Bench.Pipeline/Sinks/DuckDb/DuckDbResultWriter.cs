using Bench.Pipeline.Analysis;
using Bench.Pipeline.Timeline;
using DuckDB.NET.Data;

namespace Bench.Pipeline.Sinks.DuckDb;

/// <summary>One file's or Slurm job's results on their way into DuckDB; see <see cref="DuckDbResultSink"/>.</summary>
public sealed class DuckDbResultWriter : IResultWriter
{
    private readonly DuckDbFile _file;
    private readonly ResultDestination _target;
    private readonly Action _released;
    private readonly DuckDBTransaction _transaction;
    private readonly string? _staging;
    private TimelineChunkAppender? _appender;
    private bool _done;

    internal DuckDbResultWriter(DuckDbFile file, ResultDestination target, Action released)
    {
        _file = file;
        _target = target;
        _released = released;
        _transaction = file.BeginTransaction();
        try
        {
            TableName = target.SharedTable ?? ChooseTableName();
            if (target.SharedTable is null)
            {
                _staging = "stg_" + Guid.NewGuid().ToString("N")[..16];
                _file.Execute(SqlDialect.DuckDb.CreateTable(_staging, ResultSchema.TimelineColumns));
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

        _appender ??= new TimelineChunkAppender(_file, _staging);
        _appender.Append(timeline);
    }

    public void Commit(AnalysisResult result, ResultProvenance provenance)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_appender is { } appender)
        {
            _appender = null;
            using (appender)
            {
                appender.Close();
            }
        }

        var tables = _target.Tables;
        if (_staging is not null)
        {
            var table = SqlDialect.Quote(TableName);
            _file.Execute($"DROP TABLE IF EXISTS {table}");
            _file.Execute($"ALTER TABLE {SqlDialect.Quote(_staging)} RENAME TO {table}");
        }
        else if (OwnTable() is { } previous && previous != TableName)
        {
            _file.Execute($"DROP TABLE IF EXISTS {SqlDialect.Quote(previous)}"); // the job shrank to one file
        }

        _file.Execute($"DELETE FROM {tables.SummaryTable} WHERE {SqlDialect.Quote(tables.KeyColumn)} = ?", _target.Key);
        var columns = tables.SummaryColumns;
        var placeholders = string.Join(", ", columns.Select(_ => "?"));
        _file.Execute(
            $"INSERT INTO {tables.SummaryTable} ({SqlDialect.ColumnList(columns)}) VALUES ({placeholders})",
            _target.Row(TableName, result, provenance));
        _file.Commit(_transaction);
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
            // Discards what the appender buffered: the transaction rolls back below anyway.
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
        var found = _file.Query(
            $"SELECT {SqlDialect.Quote(tables.KeyColumn)}, table_name FROM {tables.SummaryTable} WHERE {SqlDialect.Quote(tables.KeyColumn)} = ? OR table_name = ?", _target.Key, plain);
        var plainTaken = false;
        foreach (var row in found.Rows)
        {
            var table = (string)row[1]!;
            if ((string?)row[0] == _target.Key && tables.Owns(table))
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
        var found = _file.Query(
            $"SELECT table_name FROM {tables.SummaryTable} WHERE {SqlDialect.Quote(tables.KeyColumn)} = ?", _target.Key);
        var table = found.RowCount > 0 ? (string?)found[0, 0] : null;
        return table is not null && tables.Owns(table) ? table : null;
    }
}
