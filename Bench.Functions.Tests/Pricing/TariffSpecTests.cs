using Bench.Pipeline.Pricing;
using Bench.Pipeline.Pricing.Smard;

namespace Bench.Functions.Tests.Pricing;

public class TariffSpecTests
{
    [Fact]
    public void FixedPriceIsAFixedSourceInEurosPerMegawattHour()
    {
        var source = Assert.IsType<FixedTariffSource>(TariffSpec.ParsePrice("fixed:87.5"));
        Assert.Equal(87.5, source.Value);
        Assert.Same(TariffQuantity.Price, source.Quantity);
        Assert.Equal("fixed 87.5 EUR/MWh", source.Description);
    }

    [Fact]
    public void NegativeFixedPriceIsAllowedBecauseDayAheadPricesGoNegative() =>
        Assert.Equal(-3, Assert.IsType<FixedTariffSource>(TariffSpec.ParsePrice("fixed:-3")).Value);

    [Fact]
    public void CsvPathKeepsEverythingAfterTheFirstColon()
    {
        var source = Assert.IsType<CsvTariffSource>(TariffSpec.ParsePrice("csv:/data/prices:2024.csv"));
        Assert.Equal("/data/prices:2024.csv", source.Path);
    }

    [Theory]
    [InlineData("smard", "DE-LU", SmardResolution.Hour)]
    [InlineData("SMARD:", "DE-LU", SmardResolution.Hour)]
    [InlineData("smard:AT", "AT", SmardResolution.Hour)]
    [InlineData("smard:DE-LU:quarterhour", "DE-LU", SmardResolution.QuarterHour)]
    [InlineData("smard::quarterhour", "DE-LU", SmardResolution.QuarterHour)]
    public void SmardSpecSetsRegionAndResolution(string spec, string region, SmardResolution resolution)
    {
        var source = Assert.IsType<SmardTariffSource>(TariffSpec.ParsePrice(spec));
        Assert.Equal(region, source.Options.Region);
        Assert.Equal(resolution, source.Options.Resolution);
        Assert.Equal(SmardOptions.DayAheadPriceFilter, source.Options.Filter);
    }

    [Fact]
    public void SmardSpecKeepsTheConfiguredBaseUrlAndCache()
    {
        var defaults = new SmardOptions { BaseUrl = new Uri("http://mirror.example:8080/smard"), CacheDirectory = "/tmp/x" };
        var source = Assert.IsType<SmardTariffSource>(TariffSpec.ParsePrice("smard:AT:hour", defaults));

        Assert.Equal(new Uri("http://mirror.example:8080/smard/app/chart_data/4169/AT/index_hour.json"), source.IndexUrl);
        Assert.Equal("/tmp/x", source.Options.CacheDirectory);
    }

    [Fact]
    public void FixedCarbonIsInGramsPerKilowattHour()
    {
        var source = Assert.IsType<FixedTariffSource>(TariffSpec.ParseCarbon("fixed:400"));
        Assert.Same(TariffQuantity.Carbon, source.Quantity);
        Assert.Equal(400, source.Value);
    }

    [Theory]
    [InlineData("", "--price '': empty; expected fixed:EUR_PER_MWH, csv:PATH or smard[:REGION[:hour|quarterhour]].")]
    [InlineData("fixed:", "--price 'fixed:': fixed needs a value in EUR/MWh, e.g. fixed:100.")]
    [InlineData("fixed:1,5", "--price 'fixed:1,5': '1,5' is not a number in EUR/MWh (use '.' for decimals).")]
    [InlineData("fixed:NaN", "--price 'fixed:NaN': 'NaN' is not a number in EUR/MWh (use '.' for decimals).")]
    [InlineData("csv:", "--price 'csv:': csv needs a file path, e.g. csv:prices.csv.")]
    [InlineData("smard:DE LU", "--price 'smard:DE LU': 'DE LU' is not a SMARD region (letters, digits and dashes, e.g. DE-LU, AT).")]
    [InlineData("smard:../etc", "--price 'smard:../etc': '../etc' is not a SMARD region (letters, digits and dashes, e.g. DE-LU, AT).")]
    [InlineData("smard:DE:daily", "--price 'smard:DE:daily': 'daily' is not a SMARD resolution; expected hour or quarterhour.")]
    [InlineData("smard:DE:hour:x", "--price 'smard:DE:hour:x': expected smard, smard:REGION or smard:REGION:RESOLUTION.")]
    [InlineData("entsoe:DE", "--price 'entsoe:DE': unknown kind 'entsoe'; expected fixed:EUR_PER_MWH, csv:PATH or smard[:REGION[:hour|quarterhour]].")]
    [InlineData("100", "--price '100': unknown kind '100' (did you mean fixed:100?); expected fixed:EUR_PER_MWH, csv:PATH or smard[:REGION[:hour|quarterhour]].")]
    public void BadPriceSpecSaysWhatIsWrongAndWhatIsExpected(string spec, string message)
    {
        var ex = Assert.Throws<TariffSpecException>(() => TariffSpec.ParsePrice(spec));
        Assert.Equal(message, ex.Message);
        Assert.Equal("--price", ex.Option);
    }

    [Theory]
    [InlineData("smard", "--carbon 'smard': SMARD publishes prices, not carbon intensity; expected fixed:G_PER_KWH or csv:PATH.")]
    [InlineData("fixed:-1", "--carbon 'fixed:-1': gCO2/kWh cannot be negative.")]
    [InlineData("fixed:", "--carbon 'fixed:': fixed needs a value in gCO2/kWh, e.g. fixed:400.")]
    public void BadCarbonSpecSaysWhatIsWrong(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<TariffSpecException>(() => TariffSpec.ParseCarbon(spec)).Message);
}
