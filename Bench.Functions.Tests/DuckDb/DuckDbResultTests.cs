using Bench.Pipeline.DuckDb;

namespace Bench.Functions.Tests.DuckDb;

public sealed class DuckDbResultTests
{
    private static DuckDbResult Query(string sql)
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        return connection.Query(sql);
    }

    [Fact]
    public void ColumnNamesTypesAndCountsDescribeTheResult()
    {
        var result = Query("SELECT 1::INTEGER AS a, 'x' AS \"B\", 2.5::DOUBLE AS c FROM range(3)");

        Assert.Equal(3, result.RowCount);
        Assert.Equal(3, result.ColumnCount);
        Assert.Equal(["a", "B", "c"], result.ColumnNames);
        Assert.Equal(DuckDbType.Integer, result.GetColumnType(0));
        Assert.Equal(DuckDbType.Varchar, result.GetColumnType(1));
        Assert.Equal(DuckDbType.Double, result.GetColumnType(2));
        Assert.Equal(1, result.GetOrdinal("B"));
        Assert.Equal(1, result.GetOrdinal("b"));
        Assert.Throws<ArgumentException>(() => result.GetOrdinal("zz"));
    }

    [Fact]
    public void ResultsSpanningManyChunksAreReadCompletely()
    {
        // DuckDB hands results over in chunks of 2048 rows; 10,000 rows spans five.
        var result = Query("SELECT i, i * 0.5 AS half, 'r' || i AS label FROM range(10000) t(i) ORDER BY i");

        Assert.Equal(10_000, result.RowCount);
        long sum = 0;
        for (var r = 0; r < result.RowCount; r++)
        {
            sum += result.GetInt64(r, 0);
        }

        Assert.Equal(10_000L * 9_999 / 2, sum);
        Assert.Equal(4_999.5, result.GetDouble(9_999, 1));
        Assert.Equal("r9999", result.GetString(9_999, 2));
        Assert.Equal("r2048", result.GetString(2_048, 2));
    }

    [Fact]
    public void WideIntegersDecimalsAndDatesKeepTheirValues()
    {
        var result = Query(
            "SELECT sum(i) AS total, 123456.789::DECIMAL(12,3) AS dec, 1.5::DECIMAL(4,1) AS small_dec, " +
            "18446744073709551615::UBIGINT AS ubig, DATE '2024-02-29' AS d, TIME '13:14:15.5' AS t, " +
            "TIMESTAMP_MS '2024-01-01 00:00:00.123' AS ms, TIMESTAMP_NS '2024-01-01 00:00:00.1234567' AS ns, " +
            "1.25::FLOAT AS f, (-3)::TINYINT AS tiny FROM range(100001) r(i)");

        Assert.Equal(DuckDbType.HugeInt, result.GetColumnType(0));
        Assert.Equal(100_001L * 100_000 / 2, result.GetInt64(0, 0));
        Assert.Equal(123456.789m, result.GetDecimal(0, 1));
        Assert.Equal(123456.789, result.GetDouble(0, 1), 9);
        Assert.Equal(1.5m, result.GetDecimal(0, 2));
        Assert.Equal((Int128)ulong.MaxValue, result.GetValue(0, 3));
        Assert.Throws<OverflowException>(() => result.GetInt64(0, 3));
        Assert.Equal(new DateOnly(2024, 2, 29), result.GetValue(0, 4));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero), result.GetDateTimeOffset(0, 4));
        Assert.Equal(new TimeSpan(0, 13, 14, 15, 500), result.GetValue(0, 5));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, 123, TimeSpan.Zero), result.GetDateTimeOffset(0, 6));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), result.GetDateTimeOffset(0, 7));
        Assert.Equal(1.25, result.GetDouble(0, 8));
        Assert.Equal(-3L, result.GetValue(0, 9));
    }

    [Fact]
    public void UnicodeStringsOfEveryLengthRoundTrip()
    {
        // Lengths around DuckDB's 12-byte inline limit, plus long and multi-byte text.
        string[] samples = ["", "a", "12345678901", "123456789012", "1234567890123", "é", "日本語のテキスト", "😀😀😀", new string('ß', 5000)];
        using var db = DuckDbDatabase.OpenInMemory();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE s (i BIGINT, v VARCHAR)");
        using (var appender = connection.CreateAppender("s"))
        {
            for (var i = 0; i < samples.Length; i++)
            {
                appender.Append(i).Append(samples[i]).EndRow();
            }
        }

        var result = connection.Query("SELECT v, strlen(v) FROM s ORDER BY i");

        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(samples[i], result.GetString(i, 0));
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(samples[i]), result.GetInt64(i, 1));
        }
    }

    [Fact]
    public void NullsAreReportedAndTypedGettersRefuseThem()
    {
        var result = Query("SELECT NULL::BIGINT AS n, NULL::VARCHAR AS s");

        Assert.True(result.IsNull(0, 0));
        Assert.Null(result.GetValue(0, 1));
        var error = Assert.Throws<InvalidOperationException>(() => result.GetInt64(0, 0));
        Assert.Contains("column 'n' row 0: value is NULL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingAColumnAsTheWrongTypeNamesTheColumnAndType()
    {
        var result = Query("SELECT 'text' AS label, [1, 2] AS list");

        var wrong = Assert.Throws<InvalidCastException>(() => result.GetInt64(0, 0));
        Assert.Contains("column 'label' row 0: type Varchar cannot be read as long", wrong.Message, StringComparison.Ordinal);

        var unsupported = Assert.Throws<InvalidCastException>(() => result.GetValue(0, 1));
        Assert.Contains("cast it in SQL (e.g. list::VARCHAR)", unsupported.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RowAndColumnIndexesOutsideTheResultAreRefused()
    {
        var result = Query("SELECT 1 FROM range(2)");

        Assert.Throws<ArgumentOutOfRangeException>(() => result.GetInt64(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => result.GetInt64(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => result.GetInt64(-1, 0));
    }
}
