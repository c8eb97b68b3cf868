using Bench.Pipeline.Hdf5;

namespace Bench.Pipeline.Slurm.Sample;

/// <summary>One node group being written: its series datasets and its Tasks group.</summary>
public sealed class SlurmNodeWriter : IDisposable
{
    private H5Group? _tasks;

    private SlurmNodeWriter(H5Group group, string? step, string node)
    {
        Group = group;
        Step = step;
        Node = node;
    }

    /// <summary>The node group, for fixtures that need odd attributes or objects.</summary>
    public H5Group Group { get; }

    /// <summary>Step of a merged file; null in a node-step file.</summary>
    public string? Step { get; }

    public string Node { get; }

    /// <summary>Writes the Energy dataset in one go (fields usually from <see cref="SlurmFields.EnergyFields"/>).</summary>
    public void WriteEnergy(IReadOnlyList<H5FieldSpec> fields, params Array[] columns) => WriteSeries(SlurmFields.Energy, fields, columns);

    /// <summary>Writes a node-level series (Energy, Filesystem, Network, or anything) in one go.</summary>
    public void WriteSeries(string name, IReadOnlyList<H5FieldSpec> fields, params Array[] columns)
    {
        using var writer = CreateSeries(name, fields);
        writer.Append(columns);
    }

    /// <summary>Writes <c>Tasks/&lt;taskId&gt;</c> in one go.</summary>
    public void WriteTask(string taskId, IReadOnlyList<H5FieldSpec> fields, params Array[] columns)
    {
        using var writer = CreateTask(taskId, fields);
        writer.Append(columns);
    }

    /// <summary>Creates a node-level series to append to block by block (Slurm's storage: chunk 10, deflate 0).</summary>
    public H5TableWriter CreateSeries(string name, IReadOnlyList<H5FieldSpec> fields) => Group.CreateTable(name, fields);

    /// <summary>Creates <c>Tasks/&lt;taskId&gt;</c> to append to block by block.</summary>
    public H5TableWriter CreateTask(string taskId, IReadOnlyList<H5FieldSpec> fields)
    {
        _tasks ??= Group.CreateGroup(SlurmFields.Tasks);
        return _tasks.CreateTable(taskId, fields);
    }

    public void Dispose()
    {
        _tasks?.Dispose();
        Group.Dispose();
    }

    internal static SlurmNodeWriter Create(H5Group parent, string? step, string node, NodeAttributes? attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        var group = parent.CreateGroup(node);
        try
        {
            if (attributes is not null)
            {
                WriteAttributes(group, attributes);
            }

            return new SlurmNodeWriter(group, step, node);
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    private static void WriteAttributes(H5Group group, NodeAttributes a)
    {
        if (a.NodeIndex is { } index)
        {
            group.WriteInt32Attribute(SlurmFields.AttrNodeIndex, index);
        }

        if (a.NodeName is { } name)
        {
            group.WriteStringAttribute(SlurmFields.AttrNodeName, name);
        }

        if (a.NumberOfTasks is { } tasks)
        {
            group.WriteInt32Attribute(SlurmFields.AttrNumberOfTasks, tasks);
        }

        if (a.CpusPerTask is { } cpus)
        {
            group.WriteInt32Attribute(SlurmFields.AttrCpusPerTask, cpus);
        }

        if (a.StartTime is { } start)
        {
            group.WriteStringAttribute(SlurmFields.AttrStartTime, start);
        }
    }
}
