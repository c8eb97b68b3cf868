using System.Globalization;
using Bench.Pipeline.Pricing;

namespace Bench.Pipeline.Analysis;

/// <summary>Adds nodes' tariff totals into the job's, remembering how much energy had no value.</summary>
internal sealed class TariffSum
{
    private double _total;
    private double _covered;
    private double _uncovered;
    private bool _any;

    /// <summary>The job total; null when no tariff was given.</summary>
    public double? Total => _any ? _total : null;

    public void Add(TariffTotals? totals)
    {
        if (totals is not { } t)
        {
            return;
        }

        _any = true;
        _total += t.Total;
        _covered += t.CoveredJoules;
        _uncovered += t.UncoveredJoules;
    }

    public void Warn(string figure, string series, List<string> warnings)
    {
        if (_any && _uncovered > 0)
        {
            var share = _covered / (_covered + _uncovered) * 100;
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{figure} covers {share:0.#}% of the energy: {series} are missing for part of the job"));
        }
    }
}
