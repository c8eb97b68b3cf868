namespace Bench.Pipeline.Slurm;

/// <summary>A Slurm profile the analysis can stream node by node (an HDF5 file, or memory in tests).</summary>
public interface IProfileSource
{
    string Path { get; }
    ProfileLayout Layout { get; }
    string? SlurmJobId { get; }

    /// <summary>Step names, ordered with <see cref="StepNames.Compare"/>.</summary>
    IReadOnlyList<string> Steps { get; }

    /// <summary>Every node that appears in any step.</summary>
    IReadOnlyList<string> Nodes { get; }

    /// <summary>Rows in every dataset of the file, for progress.</summary>
    long TotalRows { get; }

    IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// The first and last plausible EpochTime over every Energy series, read cheaply (the first and last
    /// rows of each), so timelines carry seconds since the job's start while nodes stream and price series
    /// can be fetched before the analysis; null when there is none.
    /// </summary>
    (long Start, long End)? ProbeTimeRange();

    /// <summary>The node's series in every step that ran on it.</summary>
    NodeData ReadNode(string node);

    /// <summary>Whether <see cref="ReadNode"/> may run on several threads at once (the analysis then reads ahead).</summary>
    bool SupportsParallelReads => false;
}
