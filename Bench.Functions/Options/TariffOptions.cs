using Bench.Pipeline.Analysis;
using Bench.Pipeline.Pricing;

namespace Bench.Functions.Options;

/// <summary>BENCH_PRICE and BENCH_CARBON: the CLI's <c>--price</c>/<c>--carbon</c> specs for every job; empty leaves the figure out.</summary>
internal sealed class TariffOptions : IBenchOptions
{
    private readonly List<string> _errors = [];

    public TariffSources Sources { get; private set; } = TariffSources.None;

    public void Read(SettingReader settings)
    {
        _errors.Clear();
        var price = Parse(settings, "BENCH_PRICE", spec => TariffSpec.ParsePrice(spec));
        var carbon = Parse(settings, "BENCH_CARBON", TariffSpec.ParseCarbon);
        Sources = new TariffSources(price, carbon);
    }

    public IEnumerable<string> Validate() => _errors;

    private ITariffSource? Parse(SettingReader settings, string name, Func<string, ITariffSource> parse)
    {
        var spec = settings.String(name);
        if (spec is null)
        {
            return null;
        }

        try
        {
            var source = parse(spec);
            // A CSV the server cannot read would fail every job; say so at start instead.
            if (source is CsvTariffSource csv && !File.Exists(csv.Path))
            {
                _errors.Add($"{name}: the CSV file '{csv.Path}' does not exist.");
            }

            return source;
        }
        catch (TariffSpecException e)
        {
            _errors.Add($"{name}: {e.Message}");
            return null;
        }
    }
}
