using System.Globalization;

namespace Bench.Pipeline.Slurm.Sample;

/// <summary>What <see cref="SampleProfileWriter.Write"/> produced.</summary>
public sealed record SampleProfileResult(IReadOnlyList<string> Files, long Rows, long Bytes);

/// <summary>
/// Writes a realistic synthetic Slurm profile (either layout) from <see cref="SampleProfileOptions"/>:
/// Slurm's groups, attributes (with sh5util's "Number of Nodes" quirk), field names and types and storage
/// (chunk 10, deflate 0, unlimited), deterministic from the seed, streamed in blocks. Steps are spelled as
/// Slurm spells them: extern is <c>4294967292</c> in node-step file names and <c>/Steps/-4</c> when merged.
/// </summary>
public static class SampleProfileWriter
{
    /// <summary>Rows the options will produce, for a progress bar.</summary>
    public static long PlannedRows(SampleProfileOptions options)
    {
        ThrowIfInvalid(options);
        long rows = 0;
        foreach (var step in SampleStepPlan.Create(options))
        {
            var perNode = step.Ticks(options.EnergyIntervalSeconds) + (step.TasksPerNode * step.Ticks(options.TaskIntervalSeconds));
            if (options.IncludeIo)
            {
                perNode += 2 * step.Ticks(options.TaskIntervalSeconds);
            }

            rows += perNode * step.NodeIndices.Count;
        }

        return rows;
    }

    /// <summary>
    /// Writes the profile: one file at <paramref name="output"/> (merged), or one file per node and step in the
    /// directory <paramref name="output"/> (node-step, named <c>&lt;jobid&gt;_&lt;step&gt;_&lt;node&gt;.h5</c>).
    /// <paramref name="progress"/> receives the number of rows written so far after each block.
    /// </summary>
    public static SampleProfileResult Write(string output, SampleProfileOptions options, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        ThrowIfInvalid(options);
        var plans = SampleStepPlan.Create(options);
        var load = SampleStepPlan.LoadWindows(plans, options);
        var end = options.StartEpoch + options.DurationSeconds;
        var signals = Enumerable.Range(0, options.Nodes).Select(n => new SyntheticSignals(options.Seed, n, options.StartEpoch, end, load)).ToArray();
        long rows = 0;
        void Count(int n)
        {
            rows += n;
            progress?.Report(rows);
        }

        var files = new List<string>();
        if (options.Layout == ProfileLayout.Merged)
        {
            using (var builder = SlurmFileBuilder.Merged(output))
            {
                foreach (var step in plans)
                {
                    foreach (var (node, position) in step.NodeIndices.Select((n, i) => (n, i)))
                    {
                        using var writer = builder.AddNode(StepNames.MergedGroupName(step.Name), options.NodeName(node), Attributes(options, step, node, position));
                        WriteNode(writer, new SampleSeriesWriter(options, step, signals[node], Count, cancellationToken), options, step, position);
                    }
                }
            }

            files.Add(output);
        }
        else
        {
            Directory.CreateDirectory(output);
            foreach (var step in plans)
            {
                foreach (var (node, position) in step.NodeIndices.Select((n, i) => (n, i)))
                {
                    var path = Path.Combine(output, SlurmFileNames.NodeStepFileName(options.JobId, step.Name, options.NodeName(node)));
                    using (var builder = SlurmFileBuilder.NodeStep(path))
                    using (var writer = builder.AddNode(options.NodeName(node), Attributes(options, step, node, position)))
                    {
                        WriteNode(writer, new SampleSeriesWriter(options, step, signals[node], Count, cancellationToken), options, step, position);
                    }

                    files.Add(path);
                }
            }
        }

        return new SampleProfileResult(files, rows, files.Sum(f => new FileInfo(f).Length));
    }

    private static void WriteNode(SlurmNodeWriter writer, SampleSeriesWriter series, SampleProfileOptions options, SampleStepPlan step, int position)
    {
        series.WriteEnergy(writer);
        for (var t = 0; t < step.TasksPerNode; t++)
        {
            // Global task ids: 0,1 on the step's first node, 2,3 on the next, ...
            series.WriteTask(writer, (position * step.TasksPerNode) + t);
        }

        if (options.IncludeIo)
        {
            series.WriteFilesystem(writer);
            series.WriteNetwork(writer);
        }
    }

    private static NodeAttributes Attributes(SampleProfileOptions options, SampleStepPlan step, int node, int position) => new(
        NodeIndex: position,
        NodeName: options.NodeName(node),
        NumberOfTasks: step.TasksPerNode,
        // Slurm gives the batch step the node's whole allocation as "CPUs per Task".
        CpusPerTask: step.Name == StepNames.Batch ? options.CpusPerTask * options.TasksPerNode : options.CpusPerTask,
        StartTime: DateTimeOffset.FromUnixTimeSeconds(step.Start).UtcDateTime.ToString(SlurmFields.StartTimeFormat, CultureInfo.InvariantCulture));

    private static void ThrowIfInvalid(SampleProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }
    }
}
