using Bench.Pipeline.DuckDb;

namespace Bench.Functions.Tests.DuckDb;

public sealed class DuckDbTransactionTests : IClassFixture<DuckDbTestDirectory>
{
    private readonly DuckDbTestDirectory _directory;

    public DuckDbTransactionTests(DuckDbTestDirectory directory) => _directory = directory;

    [Fact]
    public void ARolledBackTransactionLeavesNothing()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE r (a BIGINT)");

        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute("INSERT INTO r VALUES (1), (2)");
            using (var appender = connection.CreateAppender("r"))
            {
                appender.Append(3).EndRow();
            }

            Assert.Equal(3, connection.Query("SELECT count(*) FROM r").GetInt64(0, 0));
            transaction.Rollback();
        }

        Assert.Equal(0, connection.Query("SELECT count(*) FROM r").GetInt64(0, 0));
    }

    [Fact]
    public void DisposingAnUncommittedTransactionRollsItBack()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE u (a BIGINT)");

        using (connection.BeginTransaction())
        {
            connection.Execute("INSERT INTO u VALUES (1)");
        }

        Assert.Equal(0, connection.Query("SELECT count(*) FROM u").GetInt64(0, 0));
    }

    [Fact]
    public void ACommittedTransactionSurvivesClosingAndReopeningTheFile()
    {
        var path = _directory.NewDatabasePath("commit");
        using (var db = DuckDbDatabase.Open(path))
        using (var connection = db.Connect())
        {
            connection.Execute("CREATE TABLE c (id BIGINT, label VARCHAR)");
            using var transaction = connection.BeginTransaction();
            using (var appender = connection.CreateAppender("c"))
            {
                for (var i = 1; i <= 1000; i++)
                {
                    appender.Append(i).Append($"é{i}").EndRow();
                }
            }

            transaction.Commit();
        }

        using (var db = DuckDbDatabase.Open(path))
        using (var connection = db.Connect())
        {
            var result = connection.Query("SELECT count(*), sum(id), max(label) FROM c");
            Assert.Equal(1000, result.GetInt64(0, 0));
            Assert.Equal(1000 * 1001 / 2, result.GetInt64(0, 1));
            Assert.Equal("é999", result.GetString(0, 2));
        }
    }

    [Fact]
    public void ATransactionCompletesOnlyOnce()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        var transaction = connection.BeginTransaction();
        transaction.Commit();

        Assert.Throws<InvalidOperationException>(transaction.Commit);
        Assert.Throws<InvalidOperationException>(transaction.Rollback);
        transaction.Dispose();
        transaction.Dispose();
    }

    [Fact]
    public void BeginningASecondTransactionOnOneConnectionFailsWithDuckDbsMessage()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        using var first = connection.BeginTransaction();

        var error = Assert.Throws<DuckDbException>(() => connection.BeginTransaction());

        Assert.Contains("within a transaction", error.NativeMessage, StringComparison.Ordinal);
        Assert.Equal(DuckDbErrorType.Transaction, error.ErrorType);
    }
}
