using Bench.Pipeline.Pricing;

namespace Bench.Functions.Tests.Pricing;

public sealed class CsvTariffReaderTests : IDisposable
{
    private const long T0 = 1_704_067_200; // 2024-01-01T00:00:00Z

    private readonly string _dir = Directory.CreateTempSubdirectory("bench-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<TariffSeries> Parse(string text) =>
        CsvTariffReader.ReadAsync(new StringReader(text), "prices.csv");

    private static async Task<TariffDataException> Fails(string text) =>
        await Assert.ThrowsAsync<TariffDataException>(() => Parse(text));

    [Theory]
    [InlineData("2024-01-01T00:00:00Z,50\n2024-01-01T01:00:00Z,150\n")]
    [InlineData("2024-01-01T01:00:00+01:00,50\n2024-01-01T02:00:00+01:00,150\n")]
    [InlineData("2023-12-31T19:00:00-05:00,50\n2023-12-31T20:00-05:00,150\n")]
    [InlineData("1704067200,50\n1704070800,150\n")]
    [InlineData("1704067200000,50\n1704070800000,150\n")]
    [InlineData("timestamp,value\n1704067200,50\n1704070800,150\n")]
    [InlineData("\"time\",\"price_eur_mwh\"\r\n\"2024-01-01T00:00:00Z\",\"50\"\r\n\"2024-01-01T01:00:00Z\",\"150.0\"\r\n")]
    [InlineData("# day-ahead\n\n1704070800,150\n1704067200,50\n")]
    public async Task EveryTimestampFormatGivesTheSameSteps(string csv)
    {
        var series = await Parse(csv);

        Assert.Equal([new TariffPoint(T0, 50), new TariffPoint(T0 + 3600, 150)], series.Points);
    }

    [Fact]
    public async Task EmptyValueIsAMissingPoint()
    {
        var series = await Parse("1704067200,50\n1704070800,\n1704074400,70\n");

        Assert.Equal(50, series.ValueAt(T0 + 10));
        Assert.Null(series.ValueAt(T0 + 3600 + 10));
        Assert.Equal(70, series.ValueAt(T0 + 7200));
    }

    [Fact]
    public async Task NegativeAndFractionalPricesAreKept()
    {
        var series = await Parse("1704067200,-12.75\n");
        Assert.Equal(-12.75, series.ValueAt(T0));
    }

    [Fact]
    public async Task BadValueNamesTheFileAndLine()
    {
        var ex = await Fails("timestamp,value\n1704067200,50\n1704070800,12,5\n");

        Assert.Equal("prices.csv", ex.Path);
        Assert.Equal(3, ex.Line);
        Assert.Contains("'prices.csv' line 3: expected 2 fields", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonNumericValueIsReported()
    {
        var ex = await Fails("1704067200,fifty\n");
        Assert.Contains("line 1: value 'fifty' is not a number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimestampWithoutOffsetIsRefusedRatherThanGuessed()
    {
        var ex = await Fails("2024-01-01T00:00:00Z,50\n2024-01-01T01:00:00,60\n");
        Assert.Contains("line 2: timestamp '2024-01-01T01:00:00' has no UTC offset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstRowThatIsNoTimestampIsAnErrorWhenItsValueIsNumeric()
    {
        var ex = await Fails("yesterday,50\n");
        Assert.Contains("line 1: 'yesterday' is not a timestamp", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MixedTimestampFormatsAreRefused()
    {
        var ex = await Fails("1704067200,50\n2024-01-01T01:00:00Z,60\n");
        Assert.Contains("line 2: timestamp '2024-01-01T01:00:00Z' is not an integer in Unix seconds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedTimestampNamesBothLines()
    {
        var ex = await Fails("1704067200,50\n1704070800,60\n1704067200,70\n");
        Assert.Equal(3, ex.Line);
        Assert.Contains("line 3: timestamp 1704067200 (Unix seconds) repeats the one on line 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFileIsNamed()
    {
        var path = Path.Combine(_dir, "nope.csv");
        var ex = await Assert.ThrowsAsync<TariffDataException>(() => CsvTariffReader.ReadFileAsync(path));
        Assert.Equal($"Tariff CSV '{path}' not found.", ex.Message);
    }

    [Fact]
    public async Task CsvSourceLoadsTheFileAndWarnsWhenItStartsAfterTheJob()
    {
        var path = Path.Combine(_dir, "carbon.csv");
        await File.WriteAllTextAsync(path, "timestamp,g_per_kwh\n2024-01-01T01:00:00Z,400\n");
        var source = new CsvTariffSource(TariffQuantity.Carbon, path);

        var result = await source.LoadAsync(T0, T0 + 7200);

        Assert.True(result.IsAvailable);
        Assert.Equal(400, result.Series.ValueAt(T0 + 3600));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("starts at 2024-01-01 01:00:00Z, after the job starts at 2024-01-01 00:00:00Z", warning, StringComparison.Ordinal);
    }
}
