namespace Bench.Pipeline.DuckDb;

/// <summary>
/// A transaction on one <see cref="DuckDbConnection"/>, from <see cref="DuckDbConnection.BeginTransaction"/>.
/// Commit or Rollback once; Dispose rolls back if neither was called.
/// </summary>
public sealed class DuckDbTransaction : IDisposable
{
    private readonly DuckDbConnection _connection;
    private bool _completed;

    internal DuckDbTransaction(DuckDbConnection connection) => _connection = connection;

    /// <summary>Commits. If COMMIT fails DuckDB has already rolled the transaction back.</summary>
    public void Commit()
    {
        ThrowIfCompleted();
        _completed = true;
        _connection.Execute("COMMIT");
    }

    /// <summary>Rolls back everything done since BeginTransaction.</summary>
    public void Rollback()
    {
        ThrowIfCompleted();
        _completed = true;
        _connection.Execute("ROLLBACK");
    }

    /// <summary>Rolls back if the transaction was neither committed nor rolled back. Safe to call twice.</summary>
    public void Dispose()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        try
        {
            _connection.Execute("ROLLBACK");
        }
        catch (ObjectDisposedException)
        {
            // The connection is gone, and DuckDB rolled the transaction back when it closed.
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException(
                $"DuckDB '{_connection.DatabasePath}': this transaction was already committed, rolled back or disposed.");
        }
    }
}
