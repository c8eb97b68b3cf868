using Bench.Pipeline.Energy;

namespace Bench.Pipeline.Analysis;

/// <summary>Collects one step's figures as its nodes stream past.</summary>
internal sealed class StepAccumulator(string step)
{
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
    }

    public StepResult? ToResult()
    {
        if (_nodes == 0)
        {
            return null;
        }

        var span = _end - _start;
        return new StepResult(step, _nodes, _start, _end, _energy, span > 0 ? _energy / span : 0, _grid.Peak().Watts, _counter);
    }
}
