using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Jobs;

/// <summary>
/// One Slurm job over several profiles (node-step files, a merged file, or both): <see cref="ReadNode"/>
/// returns the node's steps from every file, so the analysis merges them by EpochTime and counts each
/// second once, exactly as for a merged file. A step of a node held by two files is taken once, from the
/// earlier source (merged files come first), and the result says so.
/// </summary>
public sealed class JobProfileSource : IProfileSource
{
    private readonly IReadOnlyList<IProfileSource> _sources;
    private readonly HashSet<string>[] _nodesOf;

    /// <param name="name">How messages name the job (e.g. "Slurm job 77").</param>
    /// <param name="slurmJobId">The job id the files' names carry; null for a single unnamed file.</param>
    /// <param name="sources">Open profiles of the job, in order of preference; the caller owns them.</param>
    /// <param name="notes">Warnings the caller adds (e.g. files it left out).</param>
    public JobProfileSource(string name, string? slurmJobId, IReadOnlyList<IProfileSource> sources, IEnumerable<string>? notes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (sources.Count == 0)
        {
            throw new ArgumentException($"{name}: a job needs at least one file", nameof(sources));
        }

        Path = name;
        SlurmJobId = slurmJobId;
        _sources = sources;
        _nodesOf = sources.Select(s => s.Nodes.ToHashSet(StringComparer.Ordinal)).ToArray();
        Layout = sources.Any(s => s.Layout == ProfileLayout.Merged) ? ProfileLayout.Merged : ProfileLayout.NodeStep;
        Steps = sources.SelectMany(s => s.Steps).Distinct(StringComparer.Ordinal).Order(Comparer<string>.Create(StepNames.Compare)).ToArray();
        Nodes = sources.SelectMany(s => s.Nodes).Distinct(StringComparer.Ordinal).ToArray();
        TotalRows = sources.Sum(s => s.TotalRows);
        var warnings = new List<string>();
        foreach (var source in sources)
        {
            warnings.AddRange(source.Warnings.Select(w => sources.Count == 1 ? w : $"{FileName(source)}: {w}"));
        }

        var merged = sources.Where(s => s.Layout == ProfileLayout.Merged).ToArray();
        var nodeStep = sources.Count - merged.Length;
        if (merged.Length > 0 && nodeStep > 0)
        {
            warnings.Add($"{name}: the merged file {string.Join(", ", merged.Select(FileName))} and {nodeStep} node-step file(s) hold the same job; each step of each node is counted once, from the merged file where both have it");
        }
        else if (merged.Length > 1)
        {
            warnings.Add($"{name}: {merged.Length} merged files ({string.Join(", ", merged.Select(FileName))}) hold the same job; each step of each node is counted once, from the first");
        }

        warnings.AddRange(notes ?? []);
        Warnings = warnings;
    }

    public string Path { get; }

    /// <summary>Merged when any of the files is a merged file, else node-step.</summary>
    public ProfileLayout Layout { get; }

    public string? SlurmJobId { get; }

    public IReadOnlyList<string> Steps { get; }

    /// <summary>Every node of every file, in the order the sources list them.</summary>
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>Rows of every file, duplicates included: for progress only.</summary>
    public long TotalRows { get; }

    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The earliest start and latest end over every file.</summary>
    public (long Start, long End)? ProbeTimeRange()
    {
        (long Start, long End)? range = null;
        foreach (var source in _sources)
        {
            if (source.ProbeTimeRange() is { } r)
            {
                range = range is { } known ? (Math.Min(known.Start, r.Start), Math.Max(known.End, r.End)) : r;
            }
        }

        return range;
    }

    /// <summary>The node's steps from every file that holds it, each step once, ordered with <see cref="StepNames.Compare"/>.</summary>
    /// <exception cref="ArgumentException">No file holds the node.</exception>
    public NodeData ReadNode(string node)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        var steps = new List<NodeStepData>();
        var from = new Dictionary<string, (int Index, IProfileSource Source)>(StringComparer.Ordinal); // by StepKey
        for (var i = 0; i < _sources.Count; i++)
        {
            if (!_nodesOf[i].Contains(node))
            {
                continue;
            }

            foreach (var step in _sources[i].ReadNode(node).Steps)
            {
                if (from.TryGetValue(StepKey(step.Step), out var first))
                {
                    // Counting it twice would double the node's energy over that step.
                    var kept = steps[first.Index];
                    steps[first.Index] = kept with
                    {
                        Warnings = [.. kept.Warnings, $"node {node} step {step.Step}: recorded in both {FileName(first.Source)} and {FileName(_sources[i])}; counted once, from {FileName(first.Source)}"],
                    };
                    continue;
                }

                from[StepKey(step.Step)] = (steps.Count, _sources[i]);
                steps.Add(step);
            }
        }

        if (steps.Count == 0)
        {
            throw new ArgumentException($"{Path}: no node '{node}' in any file (nodes: {string.Join(", ", Nodes)})", nameof(node));
        }

        return new NodeData(node, steps.OrderBy(s => s.Step, Comparer<string>.Create(StepNames.Compare)).ToArray());
    }

    private static string FileName(IProfileSource source) => System.IO.Path.GetFileName(source.Path);

    /// <summary>
    /// A step under every name it has (extern as -4, -1, 4294967292, ...): one step, held once. The readers
    /// already give <see cref="StepNames.Normalize"/>'s names; other sources may not.
    /// </summary>
    private static string StepKey(string step) => StepNames.Normalize(step) ?? step;
}
