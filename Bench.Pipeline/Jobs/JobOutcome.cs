using Bench.Pipeline.Analysis;
using Bench.Pipeline.Perf;

namespace Bench.Pipeline.Jobs;

/// <summary>One file's own analysis within a job, or why it failed.</summary>
public sealed record FileOutcome(string Path, AnalysisResult? Result, Exception? Error);

/// <summary>
/// A Slurm job's answer: the job-level result over every file that could be read (null when none could,
/// or <see cref="Error"/> says why the job-level analysis failed), and each file's own result or error.
/// </summary>
public sealed record JobOutcome(JobFiles Job, IReadOnlyList<FileOutcome> PerFile, AnalysisResult? Result, Exception? Error)
{
    /// <summary>The files the job-level result covers.</summary>
    public IReadOnlyList<string> IncludedFiles => PerFile.Where(f => f.Error is null).Select(f => f.Path).ToArray();

    /// <summary>The benchmark the job ran, when known.</summary>
    public string? Benchmark { get; init; }

    /// <summary>The job's performance counters set against its energy; null without counters or without a result.</summary>
    public PerfEfficiency? Perf { get; init; }

    /// <summary>True when any file, or the job itself, failed.</summary>
    public bool Failed => Error is not null || PerFile.Any(f => f.Error is not null);
}
