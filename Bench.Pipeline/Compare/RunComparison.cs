using System.Globalization;

namespace Bench.Pipeline.Compare;

/// <summary>One figure of a run minus the same figure of the other run.</summary>
/// <param name="Absolute">run - other; null when either lacks the figure.</param>
/// <param name="Percent">(run - other) / other x 100; null when other's figure is 0 or missing.</param>
public sealed record FigureDelta(double? Absolute, double? Percent);

/// <summary>The deltas of every figure, a sentence about energy, and whether different pipeline versions produced the two.</summary>
public sealed record ComparisonResult(
    IReadOnlyDictionary<string, FigureDelta> Deltas,
    string Sentence,
    bool PipelineVersionsDiffer);

/// <summary>
/// Compares a run with another: deltas are run minus other, absolute and in percent of other; the sentence
/// reads "used 12% less energy than run 9646276" (rounded to a whole percent; "the same" below 0.5%).
/// The API's <c>/jobs/{id}/compare/{other}</c> and the CLI's <c>compare</c> both use it.
/// </summary>
public static class RunComparison
{
    public static ComparisonResult Compare(RunFigures run, RunFigures other)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(other);
        var deltas = new Dictionary<string, FigureDelta>(StringComparer.Ordinal);
        foreach (var ((name, a), (_, b)) in run.Named().Zip(other.Named()))
        {
            deltas[name] = Delta(a, b);
        }

        var differ = run.PipelineVersion is not null && other.PipelineVersion is not null
            && !string.Equals(run.PipelineVersion, other.PipelineVersion, StringComparison.Ordinal);
        var sentence = EnergySentence(deltas["energy_to_solution_j"], run, other);
        if (differ)
        {
            sentence += string.Create(CultureInfo.InvariantCulture,
                $" (note: analysed by pipeline {run.PipelineVersion} and {other.PipelineVersion}; part of the difference may come from the analysis)");
        }

        return new ComparisonResult(deltas, sentence, differ);
    }

    /// <summary>a - b and its percent of b.</summary>
    public static FigureDelta Delta(double? a, double? b)
    {
        if (a is not { } x || b is not { } y)
        {
            return new FigureDelta(null, null);
        }

        return new FigureDelta(x - y, y == 0 ? null : (x - y) / y * 100);
    }

    private static string EnergySentence(FigureDelta energy, RunFigures run, RunFigures other)
    {
        if (run.EnergyToSolutionJ is null)
        {
            return $"has no energy figure yet to compare with run {other.Label}";
        }

        if (energy.Percent is not { } percent)
        {
            return other.EnergyToSolutionJ is null
                ? $"cannot be compared in energy with run {other.Label}: it has no energy figure yet"
                : $"cannot be compared in energy with run {other.Label}: it used no energy";
        }

        var whole = Math.Round(Math.Abs(percent), MidpointRounding.AwayFromZero);
        return whole == 0
            ? $"used the same energy as run {other.Label}"
            : string.Create(CultureInfo.InvariantCulture, $"used {whole:0}% {(percent < 0 ? "less" : "more")} energy than run {other.Label}");
    }
}
