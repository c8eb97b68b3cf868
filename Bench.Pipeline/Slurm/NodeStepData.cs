namespace Bench.Pipeline.Slurm;

/// <summary>Everything one step recorded on one node.</summary>
public sealed record NodeStepData(
    string Step,
    NodeAttributes Attributes,
    EnergySeries? Energy,
    IReadOnlyList<TaskSeries> Tasks,
    FilesystemSeries? Filesystem,
    NetworkSeries? Network,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Task datasets present but not read (<see cref="ProfileSeries.EnergyOnly"/>): counted, not in <see cref="Tasks"/>.</summary>
    public int UnreadTasks { get; init; }
}

/// <summary>One node across every step that ran on it; the unit of work the analysis streams over.</summary>
public sealed record NodeData(string Node, IReadOnlyList<NodeStepData> Steps);
