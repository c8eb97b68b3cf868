using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Energy;

/// <summary>
/// Merges the cleaned power series of every step on one node by EpochTime. Where several steps hold
/// a sample for the same second, the most specific step (numbered, then batch, then extern) owns it.
/// </summary>
public static class NodePowerMerger
{
    public static MergedNodePower Merge(string node, IReadOnlyList<CleanPowerSeries> steps)
    {
        var ordered = steps.OrderBy(s => s.Step, StepNames.SpecificityOrder).ToArray();
        var labels = ordered.SelectMany(s => s.ComponentLabels).Distinct(StringComparer.Ordinal).ToArray();
        var labelMaps = ordered
            .Select(s => s.ComponentLabels.Select(l => Array.IndexOf(labels, l)).ToArray())
            .ToArray();

        var capacity = ordered.Sum(s => s.Length);
        var time = new long[capacity];
        var total = new double[capacity];
        var owner = new int[capacity];
        var components = labels.Select(_ => new double[capacity]).ToArray();
        var cursor = new int[ordered.Length];
        var count = 0;

        while (true)
        {
            // Smallest next time across steps; ties go to the lowest index, i.e. the most specific step.
            var best = -1;
            var bestTime = long.MaxValue;
            for (var s = 0; s < ordered.Length; s++)
            {
                if (cursor[s] < ordered[s].Length && ordered[s].Time[cursor[s]] < bestTime)
                {
                    best = s;
                    bestTime = ordered[s].Time[cursor[s]];
                }
            }

            if (best < 0)
            {
                break;
            }

            var series = ordered[best];
            var row = cursor[best];
            time[count] = bestTime;
            total[count] = series.TotalW[row];
            owner[count] = best;
            foreach (var c in components)
            {
                c[count] = double.NaN;
            }

            for (var c = 0; c < labelMaps[best].Length; c++)
            {
                components[labelMaps[best][c]][count] = series.ComponentW[c][row];
            }

            count++;
            for (var s = 0; s < ordered.Length; s++)
            {
                while (cursor[s] < ordered[s].Length && ordered[s].Time[cursor[s]] == bestTime)
                {
                    cursor[s]++;
                }
            }
        }

        Array.Resize(ref time, count);
        Array.Resize(ref total, count);
        Array.Resize(ref owner, count);
        for (var c = 0; c < components.Length; c++)
        {
            Array.Resize(ref components[c], count);
        }

        return new MergedNodePower
        {
            Node = node,
            Time = time,
            TotalW = total,
            OwnerStep = owner,
            Steps = ordered.Select(s => s.Step).ToArray(),
            ComponentW = components,
            ComponentLabels = labels,
        };
    }
}
