using Bench.Pipeline.Energy;

namespace Bench.Pipeline.Analysis;

/// <summary>Collects one component label (e.g. GPU0Power) across nodes.</summary>
internal sealed class ComponentAccumulator(string label)
{
    private readonly PowerGrid _grid = new();
    private double _energy;
    private long _start = long.MaxValue;
    private long _end = long.MinValue;

    public string Label => label;

    /// <summary>Adds one node's merged column (NaN where the sensor is missing); returns the node's figures.</summary>
    public ComponentResult Add(long[] time, double[] watts)
    {
        var energy = Trapezoid.Integrate(time, watts);
        var peak = 0.0;
        var first = -1;
        var last = -1;
        for (var i = 0; i < watts.Length; i++)
        {
            if (double.IsNaN(watts[i]))
            {
                continue;
            }

            peak = Math.Max(peak, watts[i]);
            if (first < 0) first = i;
            last = i;
        }

        if (first < 0)
        {
            return new ComponentResult(label, 0, 0, 0);
        }

        _energy += energy;
        _start = Math.Min(_start, time[first]);
        _end = Math.Max(_end, time[last]);
        AddToGrid(time, watts);
        var span = time[last] - time[first];
        return new ComponentResult(label, energy, span > 0 ? energy / span : 0, peak);
    }

    public ComponentResult ToResult()
    {
        var span = _end - _start;
        return new ComponentResult(label, _energy, span > 0 ? _energy / span : 0, _grid.IsEmpty ? 0 : _grid.Peak().Watts);
    }

    // The grid needs gap-free input: add each run of samples between missing values separately.
    private void AddToGrid(long[] time, double[] watts)
    {
        var start = 0;
        for (var i = 0; i <= watts.Length; i++)
        {
            if (i == watts.Length || double.IsNaN(watts[i]))
            {
                if (i > start)
                {
                    _grid.Add(time.AsSpan(start, i - start), watts.AsSpan(start, i - start));
                }

                start = i + 1;
            }
        }
    }
}
