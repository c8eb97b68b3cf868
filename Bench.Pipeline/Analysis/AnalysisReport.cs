using System.Text.Json.Serialization;
using Bench.Pipeline.Energy;

namespace Bench.Pipeline.Analysis;

/// <summary>
/// The wire form of an analysis: what <c>analyze --json</c> prints and the jobs API returns, with the
/// original pipeline's names. Built from <see cref="AnalysisResult"/> by <see cref="From"/>.
/// </summary>
public sealed record AnalysisReport
{
    [JsonPropertyName("file")] public required string File { get; init; }
    [JsonPropertyName("slurm_job_id")] public string? SlurmJobId { get; init; }
    [JsonPropertyName("layout")] public string? Layout { get; init; }
    [JsonPropertyName("nodes")] public int Nodes { get; init; }
    [JsonPropertyName("steps")] public IReadOnlyList<string> Steps { get; init; } = [];
    [JsonPropertyName("tasks")] public int Tasks { get; init; }
    [JsonPropertyName("start_time")] public DateTimeOffset? StartTime { get; init; }
    [JsonPropertyName("end_time")] public DateTimeOffset? EndTime { get; init; }
    [JsonPropertyName("energy_to_solution_j")] public double EnergyToSolutionJ { get; init; }
    [JsonPropertyName("time_to_solution_s")] public double TimeToSolutionS { get; init; }
    [JsonPropertyName("average_power_w")] public double AveragePowerW { get; init; }
    [JsonPropertyName("peak_power_w")] public double PeakPowerW { get; init; }
    [JsonPropertyName("peak_power_time_s")] public double PeakPowerTimeS { get; init; }
    [JsonPropertyName("energy_delay_product")] public double EnergyDelayProduct { get; init; }
    [JsonPropertyName("appliance_name")] public string? ApplianceName { get; init; }
    [JsonPropertyName("appliance_amount")] public double ApplianceAmount { get; init; }
    [JsonPropertyName("appliance_unit")] public string? ApplianceUnit { get; init; }
    [JsonPropertyName("appliance_description")] public string? ApplianceDescription { get; init; }
    [JsonPropertyName("cost_eur")] public double? CostEur { get; init; }
    [JsonPropertyName("co2_g")] public double? Co2G { get; init; }

    /// <summary>What the energy covers: node, cpu_packages_dram (rapl), components, or mixed.</summary>
    [JsonPropertyName("power_scope")] public string? PowerScope { get; init; }

    /// <summary>The unit Slurm wrote CPUFrequency in (kHz from sysfs, MHz from /proc/cpuinfo, or mixed); timelines hold MHz.</summary>
    [JsonPropertyName("cpu_frequency_unit")] public string? CpuFrequencyUnit { get; init; }

    [JsonPropertyName("per_node")] public IReadOnlyList<NodeReport> PerNode { get; init; } = [];
    [JsonPropertyName("per_step")] public IReadOnlyList<StepReport> PerStep { get; init; } = [];
    [JsonPropertyName("components")] public IReadOnlyList<ComponentReport> Components { get; init; } = [];
    [JsonPropertyName("warnings")] public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Set instead of the figures when the file could not be analysed.</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    public static AnalysisReport Failed(string file, string error) => new() { File = file, Error = error };

    public static AnalysisReport From(AnalysisResult r) => new()
    {
        File = r.File,
        SlurmJobId = r.SlurmJobId,
        Layout = r.Layout == Slurm.ProfileLayout.Merged ? "merged" : "node-step",
        Nodes = r.Nodes,
        Steps = r.Steps,
        Tasks = r.Tasks,
        StartTime = DateTimeOffset.FromUnixTimeSeconds(r.StartEpoch),
        EndTime = DateTimeOffset.FromUnixTimeSeconds(r.EndEpoch),
        EnergyToSolutionJ = r.EnergyToSolutionJ,
        TimeToSolutionS = r.TimeToSolutionS,
        AveragePowerW = r.AveragePowerW,
        PeakPowerW = r.PeakPowerW,
        PeakPowerTimeS = r.PeakPowerTimeS,
        EnergyDelayProduct = r.EnergyDelayProduct,
        ApplianceName = r.Appliance.Name,
        ApplianceAmount = r.Appliance.Amount,
        ApplianceUnit = r.Appliance.Unit,
        ApplianceDescription = r.Appliance.Description,
        CostEur = r.CostEur,
        Co2G = r.Co2G,
        PowerScope = r.PowerScope.WireName(),
        CpuFrequencyUnit = r.CpuFrequencyUnit,
        PerNode = r.PerNode.Select(n => new NodeReport(n.Node, n.EnergyJ, n.AveragePowerW, n.PeakPowerW, n.Samples, n.PowerSource, n.ComponentsOnly, n.CostEur, n.Co2G,
            n.Components.Select(c => new ComponentReport(c.Label, c.EnergyJ, c.AveragePowerW, c.PeakPowerW)).ToArray(), n.Scope.WireName())).ToArray(),
        PerStep = r.PerStep.Select(s => new StepReport(s.Step, s.Nodes, DateTimeOffset.FromUnixTimeSeconds(s.StartEpoch), DateTimeOffset.FromUnixTimeSeconds(s.EndEpoch),
            s.EnergyJ, s.AveragePowerW, s.PeakPowerW, s.CounterEnergyJ, s.CostEur, s.Co2G)).ToArray(),
        Components = r.Components.Select(c => new ComponentReport(c.Label, c.EnergyJ, c.AveragePowerW, c.PeakPowerW)).ToArray(),
        Warnings = r.Warnings,
    };
}

public sealed record NodeReport(
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("energy_j")] double EnergyJ,
    [property: JsonPropertyName("average_power_w")] double AveragePowerW,
    [property: JsonPropertyName("peak_power_w")] double PeakPowerW,
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("power_source")] string PowerSource,
    [property: JsonPropertyName("components_only")] bool ComponentsOnly,
    [property: JsonPropertyName("cost_eur")] double? CostEur,
    [property: JsonPropertyName("co2_g")] double? Co2G,
    [property: JsonPropertyName("components")] IReadOnlyList<ComponentReport> Components,
    [property: JsonPropertyName("power_scope")] string? PowerScope = null);

public sealed record StepReport(
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("nodes")] int Nodes,
    [property: JsonPropertyName("start_time")] DateTimeOffset StartTime,
    [property: JsonPropertyName("end_time")] DateTimeOffset EndTime,
    [property: JsonPropertyName("energy_j")] double EnergyJ,
    [property: JsonPropertyName("average_power_w")] double AveragePowerW,
    [property: JsonPropertyName("peak_power_w")] double PeakPowerW,
    [property: JsonPropertyName("counter_energy_j")] double? CounterEnergyJ,
    [property: JsonPropertyName("cost_eur")] double? CostEur,
    [property: JsonPropertyName("co2_g")] double? Co2G);

public sealed record ComponentReport(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("energy_j")] double EnergyJ,
    [property: JsonPropertyName("average_power_w")] double AveragePowerW,
    [property: JsonPropertyName("peak_power_w")] double PeakPowerW);
