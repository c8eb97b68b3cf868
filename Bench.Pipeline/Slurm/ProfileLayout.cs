namespace Bench.Pipeline.Slurm;

/// <summary>Which of Slurm's two HDF5 layouts a file uses (see SLURM_PROFILES.md).</summary>
public enum ProfileLayout
{
    /// <summary><c>sh5util -j</c> output: <c>/Steps/&lt;step&gt;/Nodes/&lt;node&gt;</c>.</summary>
    Merged,

    /// <summary>One node of one step, written by the acct_gather_profile/hdf5 plugin: <c>/&lt;node&gt;</c>.</summary>
    NodeStep,
}
