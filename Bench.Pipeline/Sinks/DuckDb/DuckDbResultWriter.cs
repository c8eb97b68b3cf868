using Bench.Pipeline.Analysis;
using Bench.Pipeline.DuckDb;
using Bench.Pipeline.Timeline;

namespace Bench.Pipeline.Sinks.DuckDb;

/// <summary>One source's results on their way into DuckDB; see <see cref="DuckDbResultSink"/>.</summary>
public sealed class DuckDbResultWriter : IResultWriter
{
    private readonly DuckDbConnection _connection;
    private readonly ResultTarget _target;
    private readonly Action _released;
    private readonly DuckDbTransaction _transaction;
    private readonly string _staging;
    private DuckDbAppender? _appender;
    private bool _done;

    internal DuckDbResultWriter(DuckDbConnection connection, ResultTarget target, Action released)
    {
        _connection = connection;
        _target = target;
        _released = released;
        _transaction = connection.BeginTransaction();
        try
        {
            TableName = ChooseTableName();
            _staging = "stg_" + Guid.NewGuid().ToString("N")[..16];
            _connection.Execute(SqlDialect.DuckDb.CreateTable(_staging, ResultSchema.TimelineColumns));
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
        var table = SqlDialect.Quote(TableName);
        _connection.Execute($"DROP TABLE IF EXISTS {table}");
        _connection.Execute($"ALTER TABLE {SqlDialect.Quote(_staging)} RENAME TO {table}");
        _connection.Execute($"DELETE FROM {ResultSchema.SummaryTable} WHERE source = ?", _target.Source);
        var columns = ResultSchema.SummaryColumns;
        var placeholders = string.Join(", ", columns.Select(_ => "?"));
        _connection.Execute(
            $"INSERT INTO {ResultSchema.SummaryTable} ({SqlDialect.ColumnList(columns)}) VALUES ({placeholders})",
            ResultRows.Summary(_target, TableName, result, provenance));
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
        var plain = TableNames.ForStem(TableNames.StemOf(_target.FileName), _target.Source);
        var found = _connection.Query(
            $"SELECT source, table_name FROM {ResultSchema.SummaryTable} WHERE source = ? OR table_name = ?", _target.Source, plain);
        var plainTaken = false;
        for (var row = 0; row < found.RowCount; row++)
        {
            if (found.GetString(row, 0) == _target.Source)
            {
                return found.GetString(row, 1)!;
            }

            plainTaken = true;
        }

        return plainTaken ? TableNames.WithHash(plain, _target.Source) : plain;
    }
}
