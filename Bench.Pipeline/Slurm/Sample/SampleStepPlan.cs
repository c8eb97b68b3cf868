using System.Globalization;

namespace Bench.Pipeline.Slurm.Sample;

/// <summary>When a step runs, on which nodes, with how many tasks.</summary>
internal sealed record SampleStepPlan(string Name, long Start, long End, IReadOnlyList<int> NodeIndices, int TasksPerNode)
{
    /// <summary>
    /// In sh5util's order (extern, batch, 0, 1, ...), by readable names.
    /// batch: first node only, one task, the whole job. Numbered steps: all nodes, sharing the job after a short
    /// start-up lead, each ending a little before its slot does (so batch overlaps them). extern (and
    /// interactive): all nodes, the whole job, no tasks.
    /// </summary>
    internal static IReadOnlyList<SampleStepPlan> Create(SampleProfileOptions o)
    {
        var start = o.StartEpoch;
        var duration = o.DurationSeconds;
        var end = start + duration;
        var lead = Math.Min(5, duration / 10);
        var allNodes = Enumerable.Range(0, o.Nodes).ToList();
        var steps = o.StepNamesNormalized;
        var numbered = steps.Where(IsNumbered).OrderBy(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var slot = numbered.Count == 0 ? 0 : (duration - lead) / numbered.Count;
        var tail = Math.Min(3, slot / 10);
        var plans = new List<SampleStepPlan>();
        foreach (var step in steps.Order(StepNames.DisplayOrder))
        {
            if (step == StepNames.Batch)
            {
                plans.Add(new SampleStepPlan(step, start, end, [0], 1));
            }
            else if (IsNumbered(step))
            {
                var k = numbered.IndexOf(step);
                var stepStart = start + lead + (k * slot);
                plans.Add(new SampleStepPlan(step, stepStart, Math.Max(stepStart, stepStart + slot - tail), allNodes, o.TasksPerNode));
            }
            else
            {
                plans.Add(new SampleStepPlan(step, start, end, allNodes, 0));
            }
        }

        return plans;
    }

    /// <summary>Where the nodes are busy: inside numbered steps, or (a batch-only job) inside batch after its lead.</summary>
    internal static IReadOnlyList<(long Start, long End)> LoadWindows(IReadOnlyList<SampleStepPlan> plans, SampleProfileOptions o)
    {
        var numbered = plans.Where(p => IsNumbered(p.Name)).Select(p => (p.Start, p.End)).ToList();
        if (numbered.Count > 0)
        {
            return numbered;
        }

        var lead = Math.Min(5, o.DurationSeconds / 10);
        return [(o.StartEpoch + lead, o.StartEpoch + o.DurationSeconds - lead)];
    }

    /// <summary>Sample times of a series: start, start+interval, ... up to end.</summary>
    internal long Ticks(int interval) => ((End - Start) / interval) + 1;

    internal static bool IsNumbered(string step) => uint.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
