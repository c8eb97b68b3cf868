using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Analysis;

/// <summary>Everything the analysis learned from one profile file.</summary>
public sealed record AnalysisResult
{
    public required string File { get; init; }
    public required string? SlurmJobId { get; init; }
    public required ProfileLayout Layout { get; init; }
    public required IReadOnlyList<string> Steps { get; init; }
    public required long StartEpoch { get; init; }
    public required long EndEpoch { get; init; }

    /// <summary>Joules, summed over nodes, each node's samples of all steps counted once.</summary>
    public required double EnergyToSolutionJ { get; init; }

    public required double TimeToSolutionS { get; init; }
    public required double AveragePowerW { get; init; }

    /// <summary>Peak of the job's summed power (all nodes at one instant).</summary>
    public required double PeakPowerW { get; init; }

    /// <summary>Seconds after the job's start when the peak occurred.</summary>
    public required double PeakPowerTimeS { get; init; }

    /// <summary>Energy (J) times time to solution (s).</summary>
    public required double EnergyDelayProduct { get; init; }

    public required ApplianceComparison Appliance { get; init; }
    public required IReadOnlyList<NodeResult> PerNode { get; init; }
    public required IReadOnlyList<StepResult> PerStep { get; init; }
    public required IReadOnlyList<ComponentResult> Components { get; init; }

    /// <summary>Tasks seen across all steps and nodes.</summary>
    public required int Tasks { get; init; }

    public required long TimelineRows { get; init; }

    /// <summary>What the energy figures cover, over all nodes (<see cref="Energy.PowerScope.Mixed"/> when they differ).</summary>
    public Energy.PowerScope PowerScope { get; init; } = Energy.PowerScope.Node;

    /// <summary>The unit the file's CPUFrequency was written in: kHz, MHz, mixed, or null without tasks.</summary>
    public string? CpuFrequencyUnit { get; init; }

    /// <summary>EUR at the price in force in each interval; null when no price series was available.</summary>
    public double? CostEur { get; init; }

    /// <summary>Grams of CO2; null when no carbon-intensity series was given.</summary>
    public double? Co2G { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public int Nodes => PerNode.Count;
}
