using Bench.Pipeline.Energy;
using Bench.Pipeline.Pricing;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Timeline;

namespace Bench.Pipeline.Analysis;

/// <summary>
/// Streams a profile node by node (memory bounded by one node's series) and computes the job's energy,
/// power and time figures as SLURM_PROFILES.md defines them; hands each node's timeline to a sink.
/// </summary>
public static class ProfileAnalyzer
{
    public static AnalysisResult Analyze(
        IProfileSource source,
        AnalysisOptions? options = null,
        Action<NodeTimeline>? onTimeline = null,
        IProgress<long>? rowsRead = null,
        CancellationToken cancellationToken = default)
    {
        options ??= AnalysisOptions.Default;
        var warnings = new List<string>(source.Warnings);
        var jobStart = source.ProbeTimeRange()?.Start;
        var jobGrid = new PowerGrid();
        var steps = new Dictionary<string, StepAccumulator>(StringComparer.Ordinal);
        var components = new Dictionary<string, ComponentAccumulator>(StringComparer.Ordinal);
        var perNode = new List<NodeResult>();
        var tasks = 0;
        var unmeasuredGpuNodes = 0;
        var raplBaselines = 0;
        var frequencyUnits = new int[3]; // node steps per FrequencyUnit
        long timelineRows = 0;
        var start = long.MaxValue;
        var end = long.MinValue;
        var energy = 0.0;
        var cost = new TariffSum();
        var co2 = new TariffSum();

        // Nodes are read and prepared (cleaned, merged, timeline built) ahead in parallel when the source
        // allows it, and come back in order: the sums below see them as a sequential read would.
        var buildTimelines = onTimeline is not null;
        var probedStart = jobStart; // a copy: the threads must not see jobStart change under them
        var prepare = (NodeData data) => PreparedNode.Prepare(data, options, buildTimelines, probedStart);
        foreach (var next in NodeStream.Read(source, prepare, cancellationToken: cancellationToken))
        {
            var prepared = next;
            var node = prepared.Node;
            rowsRead?.Report(prepared.RowsRead);
            warnings.AddRange(prepared.Warnings);
            tasks += prepared.Tasks;
            foreach (var unit in prepared.FrequencyUnits)
            {
                frequencyUnits[(int)unit]++;
            }

            var cleaned = prepared.Cleaned;
            raplBaselines += cleaned.Sum(s => s.Dropped.Baseline);
            var merged = prepared.Merged;
            if (merged.Length == 0)
            {
                var gpuUnmeasured = cleaned.Count > 0 && cleaned.All(s => s.GpuPowerNotMeasured);
                unmeasuredGpuNodes += gpuUnmeasured ? 1 : 0;
                warnings.Add(gpuUnmeasured
                    ? $"node {node}: no GPU power measured (the gpu plugin wrote 0 W on every GPU, as its NVIDIA and oneapi backends always do); left out of the energy figures, not counted as 0 J"
                    : $"node {node}: no usable power samples; left out of the energy figures");
                continue;
            }

            foreach (var series in cleaned)
            {
                Accumulator(steps, series.Step, options).Add(series);
            }

            jobStart ??= merged.Time[0];
            if (prepared.Data is { } data)
            {
                // The job's start was not known when the node was prepared: its timeline is built now.
                prepared = prepared.WithFigures(data, options, buildTimelines, jobStart.Value);
            }

            if (prepared.GapWarning is { } gap)
            {
                warnings.Add(gap);
            }

            cost.Add(prepared.Cost);
            co2.Add(prepared.Co2);
            perNode.Add(NodeFigures(merged, cleaned, components, warnings) with { CostEur = prepared.Cost?.Total, Co2G = prepared.Co2?.Total });
            energy += perNode[^1].EnergyJ;
            start = Math.Min(start, merged.Time[0]);
            end = Math.Max(end, merged.Time[^1]);
            jobGrid.Add(merged.Time, merged.TotalW);
            timelineRows += merged.Length;
            if (prepared.Timeline is { } timeline)
            {
                onTimeline!(timeline);
            }
        }

        if (perNode.Count == 0)
        {
            throw new NoEnergyDataException(source.Path, source.Nodes.Count == 0
                ? "the file has no nodes"
                : unmeasuredGpuNodes == source.Nodes.Count
                    ? $"no GPU power measured: the gpu plugin wrote 0 W on every GPU of all {source.Nodes.Count} node(s) (its NVIDIA and oneapi backends never read power), which is not 0 J"
                    : $"none of its {source.Nodes.Count} node(s) has an Energy series with usable power samples");
        }

        if (jobStart is { } probed && probed != start)
        {
            warnings.Add($"timeline elapsed_s is measured from {probed}, the first sample read, while the first usable sample is at {start}");
        }

        if (raplBaselines > 0)
        {
            warnings.Add($"rapl: dropped the 0 W first row of {raplBaselines} node step(s), the read that only sets rapl's baseline; each step's first reading (the average since it) is taken from that row's time");
        }

        var khz = frequencyUnits[(int)FrequencyUnit.KHz];
        var mhz = frequencyUnits[(int)FrequencyUnit.MHz];
        if (khz > 0 && mhz > 0)
        {
            warnings.Add($"CPUFrequency read as {TaskReadings.Describe(FrequencyUnit.KHz)} in {khz} node step(s) and {TaskReadings.Describe(FrequencyUnit.MHz)} in {mhz}, decided per node step from its values; timelines hold MHz");
        }

        var powerScope = PowerScopes.Combine(perNode.Select(n => n.Scope));
        if (powerScope is PowerScope.CpuPackagesDram or PowerScope.Mixed)
        {
            warnings.Add($"power measures {powerScope.Describe()}: the energy figures are not the nodes' whole draw");
        }

        cost.Warn("cost", "prices", warnings);
        co2.Warn("CO2", "carbon intensity", warnings);
        var time = (double)(end - start);
        var (peak, peakAt) = jobGrid.Peak();
        return new AnalysisResult
        {
            File = source.Path,
            SlurmJobId = source.SlurmJobId,
            Layout = source.Layout,
            Steps = source.Steps,
            StartEpoch = start,
            EndEpoch = end,
            EnergyToSolutionJ = energy,
            TimeToSolutionS = time,
            AveragePowerW = time > 0 ? energy / time : 0,
            PeakPowerW = peak,
            PeakPowerTimeS = peakAt - start,
            EnergyDelayProduct = energy * time,
            Appliance = ApplianceComparison.For(energy),
            PerNode = perNode,
            PerStep = steps.Values.Select(s => s.ToResult()).OfType<StepResult>()
                .OrderBy(s => s.Step, Comparer<string>.Create(StepNames.Compare)).ToArray(),
            Components = components.Values.Select(c => c.ToResult()).ToArray(),
            CostEur = cost.Total,
            Co2G = co2.Total,
            Tasks = tasks,
            PowerScope = powerScope,
            CpuFrequencyUnit = khz > 0 && mhz > 0 ? "mixed" : khz > 0 ? "kHz" : mhz > 0 ? "MHz" : null,
            TimelineRows = timelineRows,
            Warnings = warnings,
        };
    }

    private static NodeResult NodeFigures(
        MergedNodePower merged,
        IReadOnlyList<CleanPowerSeries> cleaned,
        Dictionary<string, ComponentAccumulator> components,
        List<string> warnings)
    {
        var energy = Trapezoid.Integrate(merged.Time, merged.TotalW);
        var span = merged.Time[^1] - merged.Time[0];
        var selection = cleaned.First(s => s.Length > 0).Selection;
        var componentsOnly = cleaned.Any(s => s.Length > 0 && s.Selection.ComponentsOnly);
        var scope = PowerScopes.Combine(cleaned.Where(s => s.Length > 0).Select(s => s.Selection.Scope));
        if (componentsOnly)
        {
            warnings.Add($"node {merged.Node}: no whole-node power sensor; its energy is the sum of {selection.TotalLabel} and covers those components only");
        }

        var nodeComponents = new List<ComponentResult>(merged.ComponentLabels.Count);
        for (var c = 0; c < merged.ComponentLabels.Count; c++)
        {
            var label = merged.ComponentLabels[c];
            if (!components.TryGetValue(label, out var accumulator))
            {
                components[label] = accumulator = new ComponentAccumulator(label);
            }

            nodeComponents.Add(accumulator.Add(merged.Time, merged.ComponentW[c]));
        }

        return new NodeResult(
            merged.Node,
            energy,
            span > 0 ? energy / span : 0,
            merged.TotalW.Max(),
            merged.Time[0],
            merged.Time[^1],
            merged.Length,
            selection.TotalLabel,
            componentsOnly,
            nodeComponents)
        {
            Scope = scope,
        };
    }

    private static StepAccumulator Accumulator(Dictionary<string, StepAccumulator> steps, string step, AnalysisOptions options)
    {
        if (!steps.TryGetValue(step, out var accumulator))
        {
            steps[step] = accumulator = new StepAccumulator(step, options);
        }

        return accumulator;
    }
}
