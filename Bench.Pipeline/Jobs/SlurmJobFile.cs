using System.Globalization;
using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Jobs;

/// <summary>What a file's name says about the Slurm job it belongs to.</summary>
public enum SlurmFileKind
{
    /// <summary><c>job_&lt;jobid&gt;.h5</c>, written by <c>sh5util -j</c>.</summary>
    Merged,

    /// <summary><c>&lt;jobid&gt;_&lt;step&gt;_&lt;node&gt;.h5</c>, written on a node by the profile plugin.</summary>
    NodeStep,

    /// <summary>Neither: the file is a job of its own.</summary>
    Unnamed,
}

/// <summary>One file of a job, classified by its name (matched at the end, so sanitised prefixes do not matter).</summary>
public sealed record SlurmJobFile(string Path, string? SlurmJobId, SlurmFileKind Kind)
{
    /// <summary>Classifies a path or object key; a merged-file name wins over a node-step one.</summary>
    public static SlurmJobFile Of(string path)
    {
        if (SlurmFileNames.ParseMergedJobId(path) is { } merged)
        {
            return new SlurmJobFile(path, merged.ToString(CultureInfo.InvariantCulture), SlurmFileKind.Merged);
        }

        if (SlurmFileNames.ParseNodeStep(path) is { } nodeStep)
        {
            return new SlurmJobFile(path, nodeStep.JobId.ToString(CultureInfo.InvariantCulture), SlurmFileKind.NodeStep);
        }

        return new SlurmJobFile(path, null, SlurmFileKind.Unnamed);
    }
}
