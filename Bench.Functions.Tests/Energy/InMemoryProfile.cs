using Bench.Pipeline.Energy;
using Bench.Pipeline.Slurm;

namespace Bench.Functions.Tests.Energy;

/// <summary>A profile built in memory, so energy rules can be tested without going through HDF5.</summary>
internal sealed class InMemoryProfile : IProfileSource
{
    private readonly List<(string Step, string Node, NodeStepData Data)> _entries = [];

    public string Path { get; init; } = "memory.h5";
    public ProfileLayout Layout => ProfileLayout.Merged;
    public string? SlurmJobId { get; init; } = "42";
    public IReadOnlyList<string> Steps => _entries.Select(e => e.Step).Distinct().Order(Comparer<string>.Create(StepNames.Compare)).ToArray();
    public IReadOnlyList<string> Nodes => _entries.Select(e => e.Node).Distinct().ToArray();
    public long TotalRows => _entries.Sum(e => (long)(e.Data.Energy?.Length ?? 0));
    public IReadOnlyList<string> Warnings => [];

    public InMemoryProfile Add(string step, string node, EnergySeries? energy, params TaskSeries[] tasks)
    {
        _entries.Add((step, node, new NodeStepData(step, NodeAttributes.Empty, energy, tasks, null, null, [])));
        return this;
    }

    public InMemoryProfile Add(string step, string node, NodeStepData data)
    {
        _entries.Add((step, node, data));
        return this;
    }

    public (long Start, long End)? ProbeTimeRange()
    {
        var times = _entries
            .Where(e => e.Data.Energy is not null)
            .SelectMany(e => e.Data.Energy!.EpochTime.Where(EpochTimes.IsPlausible))
            .ToArray();
        return times.Length == 0 ? null : (times.Min(), times.Max());
    }

    public NodeData ReadNode(string node) =>
        new(node, _entries.Where(e => e.Node == node).Select(e => e.Data).ToArray());

    /// <summary>Samples every <paramref name="interval"/> s from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    public static long[] Times(long from, long to, long interval)
    {
        var times = new List<long>();
        for (var t = from; t <= to; t += interval)
        {
            times.Add(t);
        }

        return times.ToArray();
    }

    public static EnergySeries Power(long[] times, Func<long, double> watts, string label = "NodePower") =>
        new() { EpochTime = times, Powers = [new PowerColumn(label, times.Select(watts).ToArray())] };

    public static EnergySeries Powers(long[] times, params (string Label, Func<long, double> Watts)[] columns) =>
        new() { EpochTime = times, Powers = columns.Select(c => new PowerColumn(c.Label, times.Select(c.Watts).ToArray())).ToArray() };
}
