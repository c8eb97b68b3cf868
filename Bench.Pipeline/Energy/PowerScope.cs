namespace Bench.Pipeline.Energy;

/// <summary>What a node's power figure measures, decided from the Energy field set.</summary>
public enum PowerScope
{
    /// <summary>A whole-node sensor: ipmi <c>NodePower</c> (any case), xcc <c>CurrPower</c>, or a single site label.</summary>
    Node,

    /// <summary>rapl's <c>Power</c> (the only field): CPU packages + DRAM, not the node.</summary>
    CpuPackagesDram,

    /// <summary>No whole-node sensor: the sum of component sensors (the gpu plugin's <c>GPU&lt;i&gt;Power</c>).</summary>
    Components,

    /// <summary>A job whose nodes or steps measure different scopes.</summary>
    Mixed,
}

/// <summary>Wire and display names of <see cref="PowerScope"/>.</summary>
public static class PowerScopes
{
    /// <summary>The snake_case name used in JSON and result tables.</summary>
    public static string WireName(this PowerScope scope) => scope switch
    {
        PowerScope.Node => "node",
        PowerScope.CpuPackagesDram => "cpu_packages_dram",
        PowerScope.Components => "components",
        _ => "mixed",
    };

    /// <summary>What a reader of the report should understand the power to cover.</summary>
    public static string Describe(this PowerScope scope) => scope switch
    {
        PowerScope.Node => "whole node",
        PowerScope.CpuPackagesDram => "CPU packages + DRAM (rapl), not the whole node",
        PowerScope.Components => "component sensors only (no whole-node sensor)",
        _ => "mixed: nodes or steps measure different scopes (see per node)",
    };

    /// <summary>One scope for several: the common one, or <see cref="PowerScope.Mixed"/>.</summary>
    public static PowerScope Combine(IEnumerable<PowerScope> scopes)
    {
        PowerScope? common = null;
        foreach (var scope in scopes)
        {
            if (common is { } c && c != scope)
            {
                return PowerScope.Mixed;
            }

            common = scope;
        }

        return common ?? PowerScope.Node;
    }
}
