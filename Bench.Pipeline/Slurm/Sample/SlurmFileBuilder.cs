using Bench.Pipeline.Hdf5;

namespace Bench.Pipeline.Slurm.Sample;

/// <summary>
/// Writes Slurm-layout HDF5 files node by node, for the sample generator and for hand-made test fixtures.
/// A merged file gets root "Number of Steps" and sh5util's "Number of Nodes" quirk when disposed.
/// </summary>
public sealed class SlurmFileBuilder : IDisposable
{
    private readonly H5File _file;
    private readonly bool _nodeCountQuirk;
    private readonly List<(string Step, int Nodes)> _steps = [];
    private bool _disposed;

    private SlurmFileBuilder(H5File file, ProfileLayout layout, bool nodeCountQuirk)
    {
        _file = file;
        Layout = layout;
        _nodeCountQuirk = nodeCountQuirk;
    }

    public string Path => _file.Path;

    public ProfileLayout Layout { get; }

    /// <summary>The root group, for fixtures that need something Slurm would not write.</summary>
    public H5Group Root => _file.Root;

    /// <summary>
    /// Starts a merged (sh5util) file. With <paramref name="nodeCountQuirk"/> (the default, as sh5util does)
    /// "Number of Nodes" is written on every step but the one sorting last (the highest-numbered); without it, on every step.
    /// </summary>
    public static SlurmFileBuilder Merged(string path, bool nodeCountQuirk = true)
    {
        var file = H5File.Create(path);
        try
        {
            using (file.Root.CreateGroup(SlurmFields.Steps))
            {
            }

            return new SlurmFileBuilder(file, ProfileLayout.Merged, nodeCountQuirk);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Starts a node-step file (one node group at the root, as the profile plugin writes it).</summary>
    public static SlurmFileBuilder NodeStep(string path) => new(H5File.Create(path), ProfileLayout.NodeStep, false);

    /// <summary>Adds <c>/Steps/&lt;step&gt;/Nodes/&lt;node&gt;</c> to a merged file, with the given attributes (null ones are not written).</summary>
    public SlurmNodeWriter AddNode(string step, string node, NodeAttributes? attributes = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Layout != ProfileLayout.Merged)
        {
            throw new InvalidOperationException("a node-step file has no steps inside: use AddNode(node, attributes)");
        }

        ArgumentException.ThrowIfNullOrEmpty(step);
        var at = _steps.FindIndex(s => s.Step == step);
        if (at < 0)
        {
            using var steps = _file.Root.OpenGroup(SlurmFields.Steps);
            using var stepGroup = steps.CreateGroup(step);
            using (stepGroup.CreateGroup(SlurmFields.Nodes))
            {
            }

            _steps.Add((step, 0));
            at = _steps.Count - 1;
        }

        _steps[at] = (step, _steps[at].Nodes + 1);
        using var nodes = _file.Root.OpenGroup($"{SlurmFields.Steps}/{step}/{SlurmFields.Nodes}");
        return SlurmNodeWriter.Create(nodes, step, node, attributes);
    }

    /// <summary>Adds <c>/&lt;node&gt;</c> to a node-step file.</summary>
    public SlurmNodeWriter AddNode(string node, NodeAttributes? attributes = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Layout != ProfileLayout.NodeStep)
        {
            throw new InvalidOperationException("a merged file needs the step: use AddNode(step, node, attributes)");
        }

        return SlurmNodeWriter.Create(_file.Root, step: null, node, attributes);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (Layout == ProfileLayout.Merged)
            {
                _file.Root.WriteInt32Attribute(SlurmFields.AttrNumberOfSteps, _steps.Count);
                // sh5util writes steps in sorted order and sets the count on a step when it starts the next.
                var sorted = _steps.OrderBy(s => StepNames.Normalize(s.Step) ?? s.Step, StepNames.DisplayOrder).ToList();
                var last = _nodeCountQuirk ? sorted.Count - 1 : sorted.Count;
                for (var i = 0; i < last; i++)
                {
                    using var step = _file.Root.OpenGroup($"{SlurmFields.Steps}/{sorted[i].Step}");
                    step.WriteInt32Attribute(SlurmFields.AttrNumberOfNodes, sorted[i].Nodes);
                }
            }
        }
        finally
        {
            _file.Dispose();
        }
    }
}
