namespace Bench.Pipeline.Analysis;

/// <summary>The profile is readable but holds no usable power samples: nothing to analyse.</summary>
public sealed class NoEnergyDataException(string path, string detail)
    : Exception($"'{path}': no energy data to analyse: {detail}")
{
    public string FilePath { get; } = path;
}
