using System.Globalization;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Hdf5Read;

namespace Bench.Pipeline.Slurm;

/// <summary>
/// Reads one node group (one node, one step) into <see cref="NodeStepData"/>: fields by name, each series in
/// hyperslab blocks; what is missing becomes null plus a warning, what is unreadable throws.
/// </summary>
internal static class NodeStepReader
{
    private static readonly string[] TaskCoreFields = ["CPUFrequency", "CPUTime", "CPUUtilization", "RSS", "VMSize", "Pages", "ReadMB", "WriteMB"];
    private static readonly string[] TaskGpuFields = ["GPUMemMB", "GPUUtilization"];
    private static readonly string[] FilesystemValueFields = ["Reads", "ReadMB", "Writes", "WriteMB"];
    private static readonly string[] NetworkValueFields = ["PacketsIn", "PacketsOut", "InMB", "OutMB"];

    internal static NodeStepData Read(H5ReadGroup node, string step, string nodeName, ProfileSeries series = ProfileSeries.All)
    {
        var warnings = new List<string>();
        var where = $"node {nodeName} step {step}";
        var attributes = ReadAttributes(node, where, warnings);

        EnergySeries? energy = null;
        if (node.IsDataset(SlurmFields.Energy))
        {
            energy = ReadEnergy(node, where, warnings);
        }
        else
        {
            warnings.Add($"{where}: no Energy series");
        }

        if (series == ProfileSeries.EnergyOnly)
        {
            var unread = node.IsGroup(SlurmFields.Tasks) ? TaskIds(node.OpenGroup(SlurmFields.Tasks)).Count : 0;
            return new NodeStepData(step, attributes, energy, [], null, null, warnings) { UnreadTasks = unread };
        }

        var tasks = node.IsGroup(SlurmFields.Tasks) ? ReadTasks(node, where, warnings) : [];

        FilesystemSeries? filesystem = null;
        if (node.IsDataset(SlurmFields.Filesystem) && ReadSeries(node, SlurmFields.Filesystem, SlurmFields.Filesystem, FilesystemValueFields, where, warnings) is { } fs)
        {
            filesystem = new FilesystemSeries { EpochTime = fs.Epoch, Reads = fs.Values[0], ReadMB = fs.Values[1], Writes = fs.Values[2], WriteMB = fs.Values[3] };
        }

        NetworkSeries? network = null;
        if (filesystem is null && node.IsDataset(SlurmFields.Network) && HoldsLustre(node))
        {
            // Slurm 15.08-16.05.3 wrote the Lustre counters into a dataset named Network.
            if (ReadSeries(node, SlurmFields.Network, SlurmFields.Network, FilesystemValueFields, where, warnings) is { } old)
            {
                filesystem = new FilesystemSeries { EpochTime = old.Epoch, Reads = old.Values[0], ReadMB = old.Values[1], Writes = old.Values[2], WriteMB = old.Values[3] };
                warnings.Add($"{where}: Network holds Lustre fields (Reads, ReadMB, Writes, WriteMB), as Slurm 15.08-16.05.3 wrote them; read as Filesystem");
            }
        }
        else if (node.IsDataset(SlurmFields.Network) && ReadSeries(node, SlurmFields.Network, SlurmFields.Network, NetworkValueFields, where, warnings) is { } net)
        {
            network = new NetworkSeries { EpochTime = net.Epoch, PacketsIn = net.Values[0], PacketsOut = net.Values[1], InMB = net.Values[2], OutMB = net.Values[3] };
        }

        return new NodeStepData(step, attributes, energy, tasks, filesystem, network, warnings);
    }

    private static EnergySeries? ReadEnergy(H5ReadGroup node, string where, List<string> warnings)
    {
        var dataset = node.OpenDataset(SlurmFields.Energy);
        if (!Usable(dataset, SlurmFields.Energy, where, warnings))
        {
            return null;
        }

        var powerFields = dataset.Fields
            .Where(f => f.Name.EndsWith(SlurmFields.PowerSuffix, StringComparison.Ordinal) && f.IsNumber)
            .Select(f => f.Name)
            .ToList();
        var hasXccEnergy = dataset.Fields.Any(f => f.Name == SlurmFields.XccEnergy && f.IsNumber);
        if (powerFields.Count == 0)
        {
            warnings.Add($"{where}: Energy has no power field (fields: {string.Join(", ", dataset.Fields.Select(f => f.Name))})");
        }

        List<string> wanted = [SlurmFields.EpochTime, .. powerFields];
        if (hasXccEnergy)
        {
            wanted.Add(SlurmFields.XccEnergy);
        }

        var columns = dataset.ReadColumns(wanted);
        return new EnergySeries
        {
            EpochTime = ToEpoch(columns[0]),
            Powers = powerFields.Select((label, i) => new PowerColumn(label, columns[i + 1])).ToList(),
            EnergyJ = hasXccEnergy ? columns[^1] : null,
        };
    }

    private static List<string> TaskIds(H5ReadGroup tasksGroup) => tasksGroup.ChildNames()
        .Where(tasksGroup.IsDataset)
        .OrderBy(id => long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
        .ThenBy(id => id, StringComparer.Ordinal)
        .ToList();

    private static List<TaskSeries> ReadTasks(H5ReadGroup node, string where, List<string> warnings)
    {
        var tasksGroup = node.OpenGroup(SlurmFields.Tasks);
        var ids = TaskIds(tasksGroup);
        var tasks = new List<TaskSeries>(ids.Count);
        foreach (var id in ids)
        {
            var core = ReadSeries(tasksGroup, id, $"{SlurmFields.Tasks}/{id}", TaskCoreFields, where, warnings, optional: TaskGpuFields);
            if (core is null)
            {
                continue;
            }

            var v = core.Values;
            tasks.Add(new TaskSeries
            {
                TaskId = id,
                EpochTime = core.Epoch,
                CpuFrequency = v[0], CpuTime = v[1], CpuUtilization = v[2], Rss = v[3], VmSize = v[4], Pages = v[5], ReadMB = v[6], WriteMB = v[7],
                GpuMemMB = v[8], GpuUtilization = v[9],
            });
        }

        return tasks;
    }

    private sealed record SeriesColumns(long[] Epoch, double[]?[] Values);

    /// <summary>
    /// Reads EpochTime and the named value fields (then <paramref name="optional"/> ones, which are not warned
    /// about when absent); null when the series cannot be used at all.
    /// </summary>
    private static SeriesColumns? ReadSeries(H5ReadGroup parent, string name, string label, string[] fields, string where, List<string> warnings, string[]? optional = null)
    {
        var dataset = parent.OpenDataset(name);
        if (!Usable(dataset, label, where, warnings))
        {
            return null;
        }

        string[] all = [.. fields, .. optional ?? []];
        var present = all.Where(dataset.HasField).ToList();
        var missing = fields.Where(f => !dataset.HasField(f)).ToList();
        if (missing.Count > 0)
        {
            warnings.Add($"{where}: {label} has no field {string.Join(", ", missing)}");
        }

        var columns = dataset.ReadColumns([SlurmFields.EpochTime, .. present]);
        var values = new double[]?[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            var at = present.IndexOf(all[i]);
            values[i] = at < 0 ? null : columns[at + 1];
        }

        return new SeriesColumns(ToEpoch(columns[0]), values);
    }

    private static bool HoldsLustre(H5ReadGroup node)
    {
        var dataset = node.OpenDataset(SlurmFields.Network);
        return dataset.IsCompound && dataset.HasField("ReadMB") && !dataset.HasField("InMB") && !dataset.HasField("PacketsIn");
    }

    private static bool Usable(H5ReadDataset dataset, string label, string where, List<string> warnings)
    {
        if (!dataset.IsCompound || dataset.Rank != 1)
        {
            warnings.Add($"{where}: {label} is not a one-dimensional compound dataset; skipped");
            return false;
        }

        if (!dataset.HasField(SlurmFields.EpochTime))
        {
            warnings.Add($"{where}: {label} has no EpochTime field; skipped");
            return false;
        }

        return true;
    }

    private static NodeAttributes ReadAttributes(H5ReadGroup node, string where, List<string> warnings)
    {
        int? Int(string name) => Attribute<int?>(node, name, where, warnings, g => g.ReadInt32Attribute(name));
        string? Text(string name) => Attribute<string?>(node, name, where, warnings, g => g.ReadStringAttribute(name));
        return new NodeAttributes(Int(SlurmFields.AttrNodeIndex), Text(SlurmFields.AttrNodeName), Int(SlurmFields.AttrNumberOfTasks), Int(SlurmFields.AttrCpusPerTask), Text(SlurmFields.AttrStartTime));
    }

    private static T? Attribute<T>(H5ReadGroup node, string name, string where, List<string> warnings, Func<H5ReadGroup, T> read)
    {
        if (!node.HasAttribute(name))
        {
            return default;
        }

        try
        {
            return read(node);
        }
        catch (H5Exception e)
        {
            warnings.Add($"{where}: attribute '{name}' unreadable ({e.NativeDetail ?? e.Message})");
            return default;
        }
    }

    private static long[] ToEpoch(double[] values)
    {
        var epoch = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            epoch[i] = EpochTimes.FromDouble(values[i]);
        }

        return epoch;
    }
}
