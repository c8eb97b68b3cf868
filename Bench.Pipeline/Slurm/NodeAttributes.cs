namespace Bench.Pipeline.Slurm;

/// <summary>The attributes Slurm writes on a node group; any may be missing in a damaged or foreign file.</summary>
public sealed record NodeAttributes(
    int? NodeIndex,
    string? NodeName,
    int? NumberOfTasks,
    int? CpusPerTask,
    string? StartTime)
{
    public static NodeAttributes Empty { get; } = new(null, null, null, null, null);
}
