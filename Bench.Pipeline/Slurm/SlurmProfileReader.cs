using System.Collections.Concurrent;
using Bench.Pipeline.Hdf5Read;

namespace Bench.Pipeline.Slurm;

/// <summary>
/// Opens a Slurm HDF5 profile of either layout (through PureHDF: no native library) and hands out one node
/// at a time (every step it ran in), so the analysis streams node by node with memory bounded by the nodes
/// in flight. <see cref="ReadNode"/> may be called from several threads: each call reads through a file
/// handle of its own (PureHDF is safe with one open file per thread), kept for reuse until disposal.
/// </summary>
public sealed class SlurmProfileReader : IProfileSource, IDisposable
{
    private static readonly string[] NodeChildren = [SlurmFields.Energy, SlurmFields.Tasks, SlurmFields.Filesystem, SlurmFields.Network];

    private readonly H5ReadFile _file;
    private readonly ConcurrentBag<H5ReadFile> _spare = [];
    private readonly ConcurrentQueue<H5ReadFile> _opened = [];
    private int _fileInUse;
    private bool _disposed;

    /// <summary>step -> node -> path of the node group, relative to the root.</summary>
    private readonly Dictionary<string, Dictionary<string, string>> _nodeGroups;

    private SlurmProfileReader(H5ReadFile file, ProfileSeries series, ProfileLayout layout, long? jobId, Dictionary<string, Dictionary<string, string>> nodeGroups, IReadOnlyList<string> nodes, IReadOnlyList<string> warnings, long totalRows)
    {
        _file = file;
        Series = series;
        Layout = layout;
        SlurmJobId = jobId?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _nodeGroups = nodeGroups;
        Steps = nodeGroups.Keys.Order(Comparer<string>.Create(StepNames.Compare)).ToList();
        Nodes = nodes;
        Warnings = warnings;
        TotalRows = totalRows;
    }

    public string Path => _file.Path;

    public ProfileLayout Layout { get; }

    /// <summary>Which series <see cref="ReadNode"/> reads.</summary>
    public ProfileSeries Series { get; }

    /// <summary>Safe: every call reads through its own file handle.</summary>
    public bool SupportsParallelReads => true;

    /// <summary>From the file name (<c>job_&lt;id&gt;.h5</c> or <c>&lt;id&gt;_&lt;step&gt;_&lt;node&gt;.h5</c>); null when it does not say.</summary>
    public string? SlurmJobId { get; }

    /// <summary>Step names ordered with <see cref="StepNames.Compare"/>.</summary>
    public IReadOnlyList<string> Steps { get; }

    /// <summary>Every node seen in any step, ordered by "Node Index" then name.</summary>
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>File-level observations (ignored objects, assumed step names, ...).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Rows in every series dataset of every node that <see cref="Series"/> reads, for progress reporting.</summary>
    public long TotalRows { get; }

    /// <summary>Opens a profile and detects its layout.</summary>
    /// <param name="path">The HDF5 file.</param>
    /// <param name="series">What <see cref="ReadNode"/> reads: everything, or only Energy (figures without timelines).</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="Hdf5.H5FormatException">Not HDF5, or damaged.</exception>
    /// <exception cref="SlurmProfileFormatException">Valid HDF5 without a Slurm layout.</exception>
    public static SlurmProfileReader Open(string path, ProfileSeries series = ProfileSeries.All)
    {
        var file = H5ReadFile.Open(path);
        try
        {
            var warnings = new List<string>();
            var root = file.Root;
            if (root.IsGroup(SlurmFields.Steps))
            {
                var groups = FindMergedNodes(file, root, warnings);
                return Create(file, series, ProfileLayout.Merged, SlurmFileNames.MergedJobId(path), groups, warnings);
            }

            var nodes = root.ChildNames().Where(n => LooksLikeNode(root, n)).ToList();
            if (nodes.Count == 0)
            {
                throw NoLayout(path);
            }

            foreach (var other in root.ChildNames().Except(nodes))
            {
                warnings.Add($"top-level object '/{other}' is not a node group; ignored");
            }

            var step = SlurmFileNames.NodeStepStep(path);
            if (step is null)
            {
                step = "0";
                warnings.Add($"the file name '{System.IO.Path.GetFileName(path)}' does not follow <jobid>_<step>_<node>.h5; step assumed to be '0'");
            }

            var byStep = new Dictionary<string, Dictionary<string, string>> { [step] = nodes.ToDictionary(n => n, n => n, StringComparer.Ordinal) };
            return Create(file, series, ProfileLayout.NodeStep, SlurmFileNames.NodeStepJobId(path), byStep, warnings);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads everything every step recorded on <paramref name="node"/>, steps in <see cref="Steps"/> order.</summary>
    /// <exception cref="ArgumentException">The node is in no step.</exception>
    public NodeData ReadNode(string node)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        var steps = new List<NodeStepData>();
        WithFile(file =>
        {
            foreach (var step in Steps)
            {
                if (_nodeGroups[step].TryGetValue(node, out var groupPath))
                {
                    steps.Add(NodeStepReader.Read(file.Root.OpenGroup(groupPath), step, node, Series));
                }
            }
        });

        if (steps.Count == 0)
        {
            throw new ArgumentException($"'{Path}': no node '{node}' in any step (nodes: {string.Join(", ", Nodes)})", nameof(node));
        }

        return new NodeData(node, steps);
    }

    /// <summary>
    /// First and last plausible EpochTime over every Energy dataset, from a few rows at each end (further
    /// only while those rows hold no plausible time).
    /// </summary>
    public (long Start, long End)? ProbeTimeRange()
    {
        (long, long)? range = null;
        WithFile(file => range = ProbeTimeRange(file));
        return range;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _file.Dispose();
        while (_opened.TryDequeue(out var extra))
        {
            extra.Dispose();
        }
    }

    /// <summary>Runs <paramref name="read"/> on a handle no other thread uses: the first one, or a spare.</summary>
    private void WithFile(Action<H5ReadFile> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        H5ReadFile file;
        var own = Interlocked.CompareExchange(ref _fileInUse, 1, 0) == 0;
        if (own)
        {
            file = _file;
        }
        else if (!_spare.TryTake(out file!))
        {
            file = H5ReadFile.Open(Path);
            _opened.Enqueue(file);
        }

        try
        {
            read(file);
        }
        finally
        {
            if (own)
            {
                Volatile.Write(ref _fileInUse, 0);
            }
            else
            {
                _spare.Add(file);
            }
        }
    }

    private (long Start, long End)? ProbeTimeRange(H5ReadFile file)
    {
        const int probeRows = 256;
        long start = long.MaxValue, end = long.MinValue;
        foreach (var (_, nodes) in _nodeGroups)
        {
            foreach (var (_, groupPath) in nodes)
            {
                var group = file.Root.OpenGroup(groupPath);
                if (!group.IsDataset(SlurmFields.Energy))
                {
                    continue;
                }

                var energy = group.OpenDataset(SlurmFields.Energy);
                if (!energy.IsCompound || energy.Rank != 1 || !energy.HasField(SlurmFields.EpochTime))
                {
                    continue;
                }

                for (long first = 0; first < energy.Length; first += probeRows)
                {
                    var found = energy.ReadRange(SlurmFields.EpochTime, first, probeRows)
                        .Select(EpochTimes.FromDouble).Where(EpochTimes.IsPlausible).DefaultIfEmpty(long.MaxValue).Min();
                    if (found != long.MaxValue)
                    {
                        start = Math.Min(start, found);
                        break;
                    }
                }

                for (var last = energy.Length; last > 0; last -= probeRows)
                {
                    var from = Math.Max(0, last - probeRows);
                    var found = energy.ReadRange(SlurmFields.EpochTime, from, (int)(last - from))
                        .Select(EpochTimes.FromDouble).Where(EpochTimes.IsPlausible).DefaultIfEmpty(long.MinValue).Max();
                    if (found != long.MinValue)
                    {
                        end = Math.Max(end, found);
                        break;
                    }
                }
            }
        }

        return start == long.MaxValue ? null : (start, Math.Max(start, end));
    }

    private static SlurmProfileReader Create(H5ReadFile file, ProfileSeries series, ProfileLayout layout, long? jobId, Dictionary<string, Dictionary<string, string>> groups, List<string> warnings)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        long rows = 0;
        foreach (var (_, nodes) in groups)
        {
            foreach (var (node, path) in nodes)
            {
                var group = file.Root.OpenGroup(path);
                rows += CountRows(group, series);
                var index = group.HasAttribute(SlurmFields.AttrNodeIndex) ? TryReadIndex(group) : null;
                var known = order.TryGetValue(node, out var seen) ? seen : int.MaxValue;
                order[node] = Math.Min(known, index ?? int.MaxValue);
            }
        }

        var names = order.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).ToList();
        return new SlurmProfileReader(file, series, layout, jobId, groups, names, warnings, rows);
    }

    private static Dictionary<string, Dictionary<string, string>> FindMergedNodes(H5ReadFile file, H5ReadGroup root, List<string> warnings)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var steps = root.OpenGroup(SlurmFields.Steps);
        foreach (var step in steps.ChildNames())
        {
            var nodesPath = $"{step}/{SlurmFields.Nodes}";
            if (!steps.IsGroup(nodesPath))
            {
                warnings.Add($"/{SlurmFields.Steps}/{step} has no {SlurmFields.Nodes} group; step ignored");
                continue;
            }

            var nodes = steps.OpenGroup(nodesPath);
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var node in nodes.ChildNames())
            {
                if (nodes.IsGroup(node))
                {
                    map[node] = $"{SlurmFields.Steps}/{step}/{SlurmFields.Nodes}/{node}";
                }
                else
                {
                    warnings.Add($"/{SlurmFields.Steps}/{step}/{SlurmFields.Nodes}/{node} is not a group; ignored");
                }
            }

            if (map.Count > 0)
            {
                var name = StepNames.Normalize(step) ?? step;
                if (result.ContainsKey(name))
                {
                    warnings.Add($"/{SlurmFields.Steps}/{step} is step '{name}' too; kept under its own name '{step}'");
                    name = step;
                }

                result[name] = map;
            }
        }

        if (result.Count == 0)
        {
            throw new SlurmProfileFormatException(file.Path,
                $"'{file.Path}' has a /{SlurmFields.Steps} group but no /{SlurmFields.Steps}/<step>/{SlurmFields.Nodes}/<node> group: no node recorded anything");
        }

        return result;
    }

    private static bool LooksLikeNode(H5ReadGroup root, string name)
    {
        if (!root.IsGroup(name))
        {
            return false;
        }

        var group = root.OpenGroup(name);
        return NodeChildren.Any(group.Exists) || group.HasAttribute(SlurmFields.AttrNodeName) || group.HasAttribute(SlurmFields.AttrNodeIndex);
    }

    private static long CountRows(H5ReadGroup node, ProfileSeries series)
    {
        long rows = 0;
        string[] names = series == ProfileSeries.EnergyOnly
            ? [SlurmFields.Energy]
            : [SlurmFields.Energy, SlurmFields.Filesystem, SlurmFields.Network];
        foreach (var name in names)
        {
            if (node.IsDataset(name))
            {
                rows += node.OpenDataset(name).Length;
            }
        }

        if (series == ProfileSeries.All && node.IsGroup(SlurmFields.Tasks))
        {
            var tasks = node.OpenGroup(SlurmFields.Tasks);
            foreach (var task in tasks.ChildNames().Where(tasks.IsDataset))
            {
                rows += tasks.OpenDataset(task).Length;
            }
        }

        return rows;
    }

    private static int? TryReadIndex(H5ReadGroup group)
    {
        try
        {
            return group.ReadInt32Attribute(SlurmFields.AttrNodeIndex);
        }
        catch (Hdf5.H5Exception)
        {
            return null;
        }
    }

    private static SlurmProfileFormatException NoLayout(string path) => new(path,
        $"'{path}' is a valid HDF5 file but has no Slurm profile layout: expected /{SlurmFields.Steps}/<step>/{SlurmFields.Nodes}/<node> or /<node>/{{Energy,Tasks,Filesystem,Network}}");
}
