using System.Text;
using Bench.Pipeline.DuckDb;

namespace Bench.Functions.Tests.DuckDb;

public sealed class DuckDbAppenderTests : IClassFixture<DuckDbTestDirectory>
{
    private readonly DuckDbTestDirectory _directory;

    public DuckDbAppenderTests(DuckDbTestDirectory directory) => _directory = directory;

    private static string NameOf(long i) => $"nœud-{i % 97}-日本-😀";

    [Fact]
    public void HundredThousandAppendedRowsReadBackWithTheSameCountSumsMinMaxAndText()
    {
        const int rows = 100_000;
        using var db = DuckDbDatabase.Open(_directory.NewDatabasePath("append"));
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE samples (id BIGINT, watts DOUBLE, node VARCHAR, joules BIGINT)");

        long expectedIdSum = 0, expectedJoulesSum = 0, expectedJoulesCount = 0, expectedNodeBytes = 0;
        double expectedWattsSum = 0, expectedMin = double.MaxValue, expectedMax = double.MinValue;
        using (var appender = connection.CreateAppender("samples"))
        {
            for (long i = 0; i < rows; i++)
            {
                var watts = (i * 0.25) - 1000.5;
                long? joules = i % 10 == 0 ? null : i * 3;
                appender.Append(i).Append(watts).Append(NameOf(i)).Append(joules).EndRow();

                expectedIdSum += i;
                expectedWattsSum += watts;
                expectedMin = Math.Min(expectedMin, watts);
                expectedMax = Math.Max(expectedMax, watts);
                expectedNodeBytes += Encoding.UTF8.GetByteCount(NameOf(i));
                if (joules is { } j)
                {
                    expectedJoulesSum += j;
                    expectedJoulesCount++;
                }
            }

            Assert.Equal(rows, appender.RowsAppended);
            appender.Close();
        }

        var result = connection.Query(
            "SELECT count(*), sum(id), sum(watts), min(watts), max(watts), count(joules), sum(joules), " +
            "count(*) FILTER (WHERE joules IS NULL), sum(strlen(node)) FROM samples");
        Assert.Equal(rows, result.GetInt64(0, 0));
        Assert.Equal(expectedIdSum, result.GetInt64(0, 1));
        Assert.Equal(expectedWattsSum, result.GetDouble(0, 2), 6);
        Assert.Equal(expectedMin, result.GetDouble(0, 3));
        Assert.Equal(expectedMax, result.GetDouble(0, 4));
        Assert.Equal(expectedJoulesCount, result.GetInt64(0, 5));
        Assert.Equal(expectedJoulesSum, result.GetInt64(0, 6));
        Assert.Equal(rows / 10, result.GetInt64(0, 7));
        Assert.Equal(expectedNodeBytes, result.GetInt64(0, 8));

        var row = connection.Query("SELECT node, joules FROM samples WHERE id = 12340");
        Assert.Equal(NameOf(12340), row.GetString(0, 0));
        Assert.True(row.IsNull(0, 1));
    }

    [Fact]
    public void BooleansTimestampsAndEmptyStringsRoundTripThroughTheAppender()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE t (ok BOOLEAN, taken TIMESTAMP, taken_tz TIMESTAMPTZ, label VARCHAR)");
        var at = new DateTimeOffset(2024, 3, 1, 12, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234560);

        using (var appender = connection.CreateAppender("t"))
        {
            appender.Append(true).Append(at).Append(at).Append(string.Empty).EndRow();
            appender.Append((bool?)null).Append((DateTimeOffset?)null).AppendNull().Append((string?)null).EndRow();
        }

        var result = connection.Query("SELECT ok, taken, taken_tz, label, epoch_us(taken_tz) FROM t ORDER BY ok NULLS LAST");
        Assert.Equal(2, result.RowCount);
        Assert.True(result.GetBoolean(0, 0));
        Assert.Equal(at, result.GetDateTimeOffset(0, 1));
        Assert.Equal(at, result.GetDateTimeOffset(0, 2));
        Assert.Equal(TimeSpan.Zero, result.GetDateTimeOffset(0, 1).Offset);
        Assert.Equal(string.Empty, result.GetString(0, 3));
        Assert.Equal((at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10, result.GetInt64(0, 4));
        Assert.All(Enumerable.Range(0, 4), c => Assert.True(result.IsNull(1, c)));
    }

    [Fact]
    public void AppendingTooManyValuesFailsWithDuckDbsMessageAndTheTableStaysEmpty()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE one (a BIGINT)");

        var error = Assert.Throws<DuckDbException>(() =>
        {
            using var appender = connection.CreateAppender("one");
            appender.Append(1).EndRow();
            appender.Append(2).Append(3).EndRow();
        });

        Assert.Contains("Too many appends", error.NativeMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("row 2, column 2 of table 'one'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, connection.Query("SELECT count(*) FROM one").GetInt64(0, 0));
    }

    [Fact]
    public void ADuplicateKeyFailsAtCloseWithTheConstraintMessage()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE keyed (id BIGINT PRIMARY KEY)");
        using var appender = connection.CreateAppender("keyed");
        appender.Append(7).EndRow();
        appender.Append(7).EndRow();

        var error = Assert.Throws<DuckDbException>(appender.Close);

        Assert.Contains("constraint", error.NativeMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("closing the appender for table 'keyed' after 2 row(s)", error.Operation, StringComparison.Ordinal);
        Assert.Equal(":memory:", error.DatabasePath);
    }

    [Fact]
    public void ABadConversionFaultsTheAppenderAndLaterCallsSayWhy()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE n (a INTEGER)");
        using var appender = connection.CreateAppender("n");

        var error = Assert.Throws<DuckDbException>(() => appender.Append("not a number"));
        Assert.Contains("Could not convert string 'not a number'", error.NativeMessage, StringComparison.Ordinal);

        var later = Assert.Throws<InvalidOperationException>(() => appender.Append(1));
        Assert.Contains("failed earlier", later.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatingAnAppenderForAMissingTableNamesTheTable()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();

        var error = Assert.Throws<DuckDbException>(() => connection.CreateAppender("no_such_table"));

        Assert.Contains("no_such_table", error.NativeMessage, StringComparison.Ordinal);
        Assert.Contains("creating an appender for table 'no_such_table'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DisposingTwiceIsFineAndUseAfterDisposeThrows()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE d (a BIGINT)");
        var appender = connection.CreateAppender("d");
        appender.Append(1).EndRow();

        appender.Dispose();
        appender.Dispose();

        Assert.Throws<ObjectDisposedException>(() => appender.Append(2));
        Assert.Throws<ObjectDisposedException>(appender.EndRow);
        Assert.Equal(1, connection.Query("SELECT count(*) FROM d").GetInt64(0, 0));
    }

    [Fact]
    public void DisposingMidRowDiscardsUnflushedRowsWithoutHidingTheCallersException()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE m (a BIGINT, b BIGINT)");

        void AppendThenFailMidRow()
        {
            using var appender = connection.CreateAppender("m");
            appender.Append(1).Append(1).EndRow();
            appender.Append(2);
            throw new FormatException("caller failed while computing column b");
        }

        var error = Assert.Throws<FormatException>(AppendThenFailMidRow);

        Assert.Equal("caller failed while computing column b", error.Message);
        Assert.Equal(0, connection.Query("SELECT count(*) FROM m").GetInt64(0, 0));
    }
}
