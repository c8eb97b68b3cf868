using Bench.Pipeline.Analysis;
using Bench.Pipeline.Timeline;
using DuckDB.NET.Data;

namespace Bench.Pipeline.Sinks.DuckDb;

/// <summary>One source's results on their way into DuckDB; see <see cref="DuckDbResultSink"/>.</summary>
public sealed class DuckDbResultWriter : IResultWriter
{
    private readonly DuckDbFile _file;
    private readonly ResultTarget _target;
    private readonly Action _released;
    private readonly DuckDBTransaction _transaction;
    private readonly string _staging;
    private DuckDBAppender? _appender;
    private bool _done;

    internal DuckDbResultWriter(DuckDbFile file, ResultTarget target, Action released)
    {
        _file = file;
        _target = target;
        _released = released;
        _transaction = file.BeginTransaction();
        try
        {
            TableName = ChooseTableName();
            _staging = "stg_" + Guid.NewGuid().ToString("N")[..16];
            _file.Execute(SqlDialect.DuckDb.CreateTable(_staging, ResultSchema.TimelineColumns));
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
        _appender ??= _file.CreateAppender(_staging);
        var rows = new TimelineRows(timeline, ResultRows.TimelineDoubles(timeline));
        _file.Run($"appending node {timeline.Node} to table '{_staging}' for '{TableName}'", () =>
        {
            for (rows.Row = 0; rows.Row < timeline.Length; rows.Row++)
            {
                // AppendRow with explicit state: the appender fills a managed data chunk, no closure per row.
                _appender.AppendRow(rows, static (row, s) => s.AppendTo(row));
            }

            return 0;
        });
    }

    public void Commit(AnalysisResult result, ResultProvenance provenance)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_appender is { } appender)
        {
            _appender = null;
            _file.Run($"flushing the rows of '{TableName}'", () =>
            {
                appender.Close();
                return 0;
            });
        }

        var table = SqlDialect.Quote(TableName);
        _file.Execute($"DROP TABLE IF EXISTS {table}");
        _file.Execute($"ALTER TABLE {SqlDialect.Quote(_staging)} RENAME TO {table}");
        _file.Execute($"DELETE FROM {ResultSchema.SummaryTable} WHERE source = ?", _target.Source);
        var columns = ResultSchema.SummaryColumns;
        var placeholders = string.Join(", ", columns.Select(_ => "?"));
        _file.Execute(
            $"INSERT INTO {ResultSchema.SummaryTable} ({SqlDialect.ColumnList(columns)}) VALUES ({placeholders})",
            ResultRows.Summary(_target, TableName, result, provenance));
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
            // Discard what the appender buffered: the transaction rolls back below anyway.
            _appender?.Clear();
            _appender?.Dispose();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // The rows are being abandoned; the rollback below is what matters.
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
        var plain = TableNames.ForStem(TableNames.StemOf(_target.FileName), _target.Source);
        var found = _file.Query(
            $"SELECT source, table_name FROM {ResultSchema.SummaryTable} WHERE source = ? OR table_name = ?", _target.Source, plain);
        var plainTaken = false;
        foreach (var row in found.Rows)
        {
            if ((string?)row[0] == _target.Source)
            {
                return (string)row[1]!;
            }

            plainTaken = true;
        }

        return plainTaken ? TableNames.WithHash(plain, _target.Source) : plain;
    }

    /// <summary>One timeline's columns and the row being appended, in <see cref="ResultSchema.TimelineColumns"/> order.</summary>
    private sealed class TimelineRows(NodeTimeline timeline, double[][] doubles)
    {
        public int Row { get; set; }

        public void AppendTo(IDuckDBAppenderRow row)
        {
            var i = Row;
            row.AppendValue(timeline.StepAt(i)).AppendValue(timeline.Node).AppendValue(timeline.Epoch[i]);
            foreach (var column in doubles)
            {
                var value = column[i];
                if (double.IsNaN(value))
                {
                    row.AppendNullValue();
                }
                else
                {
                    row.AppendValue(value);
                }
            }
        }
    }
}
