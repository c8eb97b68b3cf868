using Bench.Pipeline.Energy;
using Bench.Pipeline.Pricing;

namespace Bench.Pipeline.Analysis;

/// <summary>Collects one step's figures as its nodes stream past.</summary>
internal sealed class StepAccumulator(string step, AnalysisOptions options)
{
    private double? _cost;
    private double? _co2;
    private readonly PowerGrid _grid = new();
    private double _energy;
    private double? _counter;
    private long _start = long.MaxValue;
    private long _end = long.MinValue;
    private int _nodes;

    public void Add(CleanPowerSeries series)
    {
        if (series.Length == 0)
        {
            return;
        }

        _nodes++;
        _energy += Trapezoid.Integrate(series.Time, series.TotalW);
        if (series.CounterEnergyJ is { } counter)
        {
            _counter = (_counter ?? 0) + counter;
        }

        _start = Math.Min(_start, series.Time[0]);
        _end = Math.Max(_end, series.Time[^1]);
        _grid.Add(series.Time, series.TotalW);
        if (options.Price is { } price)
        {
            _cost = (_cost ?? 0) + TariffColumns.Integrate(series, price, TariffQuantity.Price).Total;
        }

        if (options.Carbon is { } carbon)
        {
            _co2 = (_co2 ?? 0) + TariffColumns.Integrate(series, carbon, TariffQuantity.Carbon).Total;
        }
    }

    public StepResult? ToResult()
    {
        if (_nodes == 0)
        {
            return null;
        }

        var span = _end - _start;
        return new StepResult(step, _nodes, _start, _end, _energy, span > 0 ? _energy / span : 0, _grid.Peak().Watts, _counter)
        {
            CostEur = _cost,
            Co2G = _co2,
        };
    }
}
