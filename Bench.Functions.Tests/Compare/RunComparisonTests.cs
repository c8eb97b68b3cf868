using Bench.Pipeline.Compare;

namespace Bench.Functions.Tests.Compare;

/// <summary>Deltas are run minus other, percent of other, and the sentence rounds to a whole percent.</summary>
public sealed class RunComparisonTests
{
    private static RunFigures Run(string label, double? energy, string? version = "1.0.0", double? co2 = null) =>
        new(label, version, energy, 100, energy / 100, 50, energy * 100, null, co2, null);

    [Theory]
    [InlineData(880, 1000, "used 12% less energy than run 9646276")]
    [InlineData(1125, 1000, "used 13% more energy than run 9646276")]
    [InlineData(1004, 1000, "used the same energy as run 9646276")]
    [InlineData(994, 1000, "used 1% less energy than run 9646276")]
    public void TheSentenceSaysLessMoreOrTheSame(double energy, double other, string sentence) =>
        Assert.Equal(sentence, RunComparison.Compare(Run("a", energy), Run("9646276", other)).Sentence);

    [Fact]
    public void DeltasAreRunMinusOtherWithPercentOfOther()
    {
        var result = RunComparison.Compare(Run("a", 880, co2: 3), Run("b", 1000, co2: 4));

        Assert.Equal(-120, result.Deltas["energy_to_solution_j"].Absolute!.Value, 9);
        Assert.Equal(-12, result.Deltas["energy_to_solution_j"].Percent!.Value, 9);
        Assert.Equal(-1, result.Deltas["co2_g"].Absolute!.Value, 9);
        Assert.Equal(-25, result.Deltas["co2_g"].Percent!.Value, 9);
        Assert.Equal(new FigureDelta(0, 0), result.Deltas["time_to_solution_s"]);
        Assert.Equal(new FigureDelta(null, null), result.Deltas["cost_eur"]);
        Assert.Equal(8, result.Deltas.Count);
    }

    [Fact]
    public void APercentOfZeroOrOfNothingIsNull()
    {
        var zero = RunComparison.Compare(Run("a", 10), Run("b", 0));
        Assert.Equal(new FigureDelta(10, null), zero.Deltas["energy_to_solution_j"]);
        Assert.Equal("cannot be compared in energy with run b: it used no energy", zero.Sentence);

        var missing = RunComparison.Compare(Run("a", 10), Run("b", null));
        Assert.Equal(new FigureDelta(null, null), missing.Deltas["energy_to_solution_j"]);
        Assert.Equal("cannot be compared in energy with run b: it has no energy figure yet", missing.Sentence);
    }

    [Fact]
    public void DifferentPipelineVersionsAreSaidInTheSentence()
    {
        var result = RunComparison.Compare(Run("a", 880, "1.1.0"), Run("b", 1000, "1.0.0"));

        Assert.True(result.PipelineVersionsDiffer);
        Assert.Equal("used 12% less energy than run b (note: analysed by pipeline 1.1.0 and 1.0.0; part of the difference may come from the analysis)", result.Sentence);
        Assert.False(RunComparison.Compare(Run("a", 880, null), Run("b", 1000)).PipelineVersionsDiffer);
    }
}
