using System.Text.RegularExpressions;
using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Energy;

/// <summary>
/// Decides which power fields make a node's total and which are components shown apart
/// (SLURM_PROFILES.md: NodePower is the total when present, whatever its case, as ipmi matches the
/// "Node" label case-insensitively; components are never added on top).
/// </summary>
public sealed partial class PowerSelection
{
    private PowerSelection(IReadOnlyList<int> totalColumns, IReadOnlyList<int> componentColumns, bool componentsOnly, IReadOnlyList<string> labels)
    {
        TotalColumns = totalColumns;
        ComponentColumns = componentColumns;
        ComponentsOnly = componentsOnly;
        Labels = labels;
        Scope = componentsOnly ? PowerScope.Components
            : labels.Count == 1 && labels[0] == RaplLabel ? PowerScope.CpuPackagesDram
            : PowerScope.Node;
    }

    /// <summary>rapl's only Energy field (pm_counters and ibmaem write the same name; the data cannot tell them apart).</summary>
    public const string RaplLabel = "Power";

    /// <summary>What the total measures: the node, rapl's CPU packages + DRAM, or components.</summary>
    public PowerScope Scope { get; }

    /// <summary>True for rapl's field set: <c>Power</c> alone, no xcc <c>Energy</c>/<c>CurrPower</c>.</summary>
    public bool IsRapl => Scope == PowerScope.CpuPackagesDram;

    /// <summary>True when every field is a gpu-plugin <c>GPU&lt;i&gt;Power</c>.</summary>
    public bool IsGpuPlugin => Labels.All(GpuLabel().IsMatch);

    /// <summary>Columns summed to give the node total (one column unless the node has only component sensors).</summary>
    public IReadOnlyList<int> TotalColumns { get; }

    /// <summary>Columns reported as components (sockets, GPUs...).</summary>
    public IReadOnlyList<int> ComponentColumns { get; }

    /// <summary>True when no whole-node sensor exists and the total is the sum of components.</summary>
    public bool ComponentsOnly { get; }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>What the total measures, e.g. "NodePower" or "GPU0Power+GPU1Power".</summary>
    public string TotalLabel => string.Join('+', TotalColumns.Select(i => Labels[i]));

    public static PowerSelection? Select(IReadOnlyList<PowerColumn> powers)
    {
        if (powers.Count == 0)
        {
            return null;
        }

        var labels = powers.Select(p => p.Label).ToArray();
        foreach (var whole in WholeNodeLabels)
        {
            var index = Array.FindIndex(labels, l => l.Equals(whole, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return new PowerSelection([index], Others(labels.Length, index), false, labels);
            }
        }

        // A single site-specific label (e.g. ipmi "ChassisPower") is taken as the node's own sensor.
        if (labels.Length == 1 && !GpuLabel().IsMatch(labels[0]))
        {
            return new PowerSelection([0], [], false, labels);
        }

        var all = Enumerable.Range(0, labels.Length).ToArray();
        return new PowerSelection(all, all, true, labels);
    }

    private static readonly string[] WholeNodeLabels = ["NodePower", "CurrPower", "Power"];

    private static int[] Others(int count, int except) =>
        Enumerable.Range(0, count).Where(i => i != except).ToArray();

    [GeneratedRegex("^GPU[0-9]+Power$", RegexOptions.CultureInvariant)]
    private static partial Regex GpuLabel();
}
