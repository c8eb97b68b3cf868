using Bench.Pipeline.DuckDb;

namespace Bench.Functions.Tests.DuckDb;

public sealed class DuckDbPreparedStatementTests
{
    [Fact]
    public void EachParameterTypeRoundTripsThroughATable()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE p (n BIGINT, x DOUBLE, s VARCHAR, b BOOLEAN, t TIMESTAMP, tz TIMESTAMPTZ, missing VARCHAR)");
        // 1.2 µs past the second: DuckDB keeps microseconds, so 0.2 µs is dropped.
        var when = new DateTimeOffset(2023, 11, 5, 1, 30, 0, TimeSpan.FromHours(-4)).AddTicks(12);
        var stored = when.AddTicks(-2);
        var expectedMicros = (stored.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

        using (var insert = connection.Prepare("INSERT INTO p VALUES ($1, $2, $3, $4, $5, $6, $7)"))
        {
            Assert.Equal(7, insert.ParameterCount);
            insert.Bind(1, -9_007_199_254_740_993L).Bind(2, 0.1 + 0.2).Bind(3, "Grüße, 世界 🌍").Bind(4, true)
                .Bind(5, when).Bind(6, when).BindNull(7);
            Assert.Equal(1, insert.Execute());
        }

        var row = connection.Query("SELECT n, x, s, b, t, tz, missing, epoch_us(t), epoch_us(tz), typeof(n) FROM p");
        Assert.Equal(-9_007_199_254_740_993L, row.GetInt64(0, 0));
        Assert.Equal(0.1 + 0.2, row.GetDouble(0, 1));
        Assert.Equal("Grüße, 世界 🌍", row.GetString(0, 2));
        Assert.True(row.GetBoolean(0, 3));
        Assert.Equal(stored, row.GetDateTimeOffset(0, 4));
        Assert.Equal(stored, row.GetDateTimeOffset(0, 5));
        Assert.True(row.IsNull(0, 6));
        Assert.Equal(expectedMicros, row.GetInt64(0, 7));
        Assert.Equal(expectedMicros, row.GetInt64(0, 8));
    }

    [Fact]
    public void TimestampsDoNotShiftWithTheSessionTimeZone()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("SET TimeZone = 'America/New_York'");
        connection.Execute("CREATE TABLE z (t TIMESTAMP, tz TIMESTAMPTZ)");
        var noonUtc = new DateTimeOffset(2024, 7, 1, 12, 0, 0, TimeSpan.Zero);

        connection.Execute("INSERT INTO z VALUES ($1, $2)", noonUtc, noonUtc);

        var row = connection.Query("SELECT t::VARCHAR, epoch_us(tz), tz FROM z");
        Assert.Equal("2024-07-01 12:00:00", row.GetString(0, 0));
        Assert.Equal(noonUtc.ToUnixTimeMilliseconds() * 1000, row.GetInt64(0, 1));
        Assert.Equal(noonUtc, row.GetDateTimeOffset(0, 2));
    }

    [Fact]
    public void AStatementCanBeReboundAndRunManyTimes()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        using var square = connection.Prepare("SELECT $1::BIGINT * $1::BIGINT, $2::VARCHAR || '!'");

        long sum = 0;
        for (var i = 1; i <= 20; i++)
        {
            var result = square.Bind(1, i).Bind(2, $"n{i}").Query();
            sum += result.GetInt64(0, 0);
            Assert.Equal($"n{i}!", result.GetString(0, 1));
        }

        Assert.Equal(20 * 21 * 41 / 6, sum);
    }

    [Fact]
    public void ParametersBindByRuntimeTypeThroughExecuteAndQuery()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE v (i BIGINT, f DOUBLE, s VARCHAR, b BOOLEAN, t TIMESTAMPTZ)");
        var utc = new DateTime(2020, 2, 29, 23, 59, 59, DateTimeKind.Utc);

        Assert.Equal(1, connection.Execute("INSERT INTO v VALUES ($1, $2, $3, $4, $5)", 42, 1.5f, "x", false, utc));
        Assert.Equal(1, connection.Execute("INSERT INTO v VALUES ($1, $2, $3, $4, $5)", (short)-3, null, DBNull.Value, true, null));

        var result = connection.Query("SELECT sum(i), sum(f), count(s), count(*) FILTER (WHERE b), max(t) FROM v WHERE i > $1", -100);
        Assert.Equal(39, result.GetInt64(0, 0));
        Assert.Equal(1.5, result.GetDouble(0, 1));
        Assert.Equal(1, result.GetInt64(0, 2));
        Assert.Equal(1, result.GetInt64(0, 3));
        Assert.Equal(new DateTimeOffset(utc), result.GetDateTimeOffset(0, 4));
    }

    [Fact]
    public void BadParametersAreRefusedWithTheStatementInTheMessage()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        using var statement = connection.Prepare("SELECT $1::BIGINT + $2::BIGINT");

        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => statement.Bind(3, 1L));
        Assert.Contains("numbered 1..2", outOfRange.Message, StringComparison.Ordinal);

        var wrongCount = Assert.Throws<ArgumentException>(() => statement.BindValues(1));
        Assert.Contains("1 value(s) given for 2 parameter(s)", wrongCount.Message, StringComparison.Ordinal);

        var localTime = Assert.Throws<ArgumentException>(() => statement.BindValue(1, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Local)));
        Assert.Contains("kind Local", localTime.Message, StringComparison.Ordinal);

        var unsupported = Assert.Throws<ArgumentException>(() => statement.BindValue(1, new Uri("http://x")));
        Assert.Contains("unsupported type Uri", unsupported.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PreparingInvalidSqlFailsWithDuckDbsParserMessage()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();

        var error = Assert.Throws<DuckDbException>(() => connection.Prepare("SELEC 1"));

        Assert.StartsWith("Parser Error: syntax error at or near \"SELEC\"", error.NativeMessage, StringComparison.Ordinal);
        Assert.Equal("preparing: SELEC 1", error.Operation);
    }

    [Fact]
    public void ExecutingAFailingStatementReportsTheErrorType()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE k (id BIGINT PRIMARY KEY)");
        using var insert = connection.Prepare("INSERT INTO k VALUES ($1)");
        insert.Bind(1, 5L).Execute();

        var error = Assert.Throws<DuckDbException>(() => insert.Execute());

        Assert.Equal(DuckDbErrorType.Constraint, error.ErrorType);
        Assert.Contains("Duplicate key \"id: 5\"", error.NativeMessage, StringComparison.Ordinal);
        Assert.Contains("executing: INSERT INTO k VALUES ($1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DisposingTwiceIsFineAndUseAfterDisposeThrows()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        var statement = connection.Prepare("SELECT $1::BIGINT");

        statement.Dispose();
        statement.Dispose();

        Assert.Throws<ObjectDisposedException>(() => statement.Bind(1, 1L));
        Assert.Throws<ObjectDisposedException>(() => statement.Query());
    }
}
