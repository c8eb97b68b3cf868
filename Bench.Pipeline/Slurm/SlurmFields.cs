using Bench.Pipeline.Hdf5;

namespace Bench.Pipeline.Slurm;

/// <summary>
/// Dataset, group, attribute and field names Slurm writes (acct_gather_profile/hdf5, jobacct_gather,
/// acct_gather_energy/filesystem/interconnect plugins), with their storage types.
/// </summary>
public static class SlurmFields
{
    public const string Steps = "Steps";
    public const string Nodes = "Nodes";
    public const string Energy = "Energy";
    public const string Tasks = "Tasks";
    public const string Filesystem = "Filesystem";
    public const string Network = "Network";

    public const string AttrNumberOfSteps = "Number of Steps";
    public const string AttrNumberOfNodes = "Number of Nodes";
    public const string AttrNodeIndex = "Node Index";
    public const string AttrNodeName = "Node Name";
    public const string AttrNumberOfTasks = "Number of Tasks";
    public const string AttrCpusPerTask = "CPUs per Task";
    public const string AttrStartTime = "Start Time";

    /// <summary>Format of "Start Time" (C's <c>%a %b %d %H:%M:%S %Y</c>).</summary>
    public const string StartTimeFormat = "ddd MMM dd HH:mm:ss yyyy";

    public const string ElapsedTime = "ElapsedTime";
    public const string EpochTime = "EpochTime";

    /// <summary>Suffix of every power field (<c>NodePower</c>, <c>CurrPower</c>, <c>Power</c>, <c>GPU0Power</c>).</summary>
    public const string PowerSuffix = "Power";

    /// <summary>xcc's per-step energy delta in joules.</summary>
    public const string XccEnergy = "Energy";

    /// <summary>The two time fields that start every series.</summary>
    public static IReadOnlyList<H5FieldSpec> TimeFields { get; } = [H5FieldSpec.U64(ElapsedTime), H5FieldSpec.U64(EpochTime)];

    /// <summary>Task fields before Slurm 23.02 (8 after the time fields).</summary>
    public static IReadOnlyList<H5FieldSpec> LegacyTaskFields { get; } =
    [
        .. TimeFields,
        H5FieldSpec.U64("CPUFrequency"), H5FieldSpec.F64("CPUTime"), H5FieldSpec.F64("CPUUtilization"),
        H5FieldSpec.U64("RSS"), H5FieldSpec.U64("VMSize"), H5FieldSpec.U64("Pages"),
        H5FieldSpec.F64("ReadMB"), H5FieldSpec.F64("WriteMB"),
    ];

    /// <summary>Task fields from Slurm 23.02: GPUMemMB and GPUUtilization after CPUUtilization.</summary>
    public static IReadOnlyList<H5FieldSpec> TaskFields { get; } =
    [
        .. TimeFields,
        H5FieldSpec.U64("CPUFrequency"), H5FieldSpec.F64("CPUTime"), H5FieldSpec.F64("CPUUtilization"),
        H5FieldSpec.U64("GPUMemMB"), H5FieldSpec.F64("GPUUtilization"),
        H5FieldSpec.U64("RSS"), H5FieldSpec.U64("VMSize"), H5FieldSpec.U64("Pages"),
        H5FieldSpec.F64("ReadMB"), H5FieldSpec.F64("WriteMB"),
    ];

    /// <summary>Lustre counters, cumulative since the step's first read.</summary>
    public static IReadOnlyList<H5FieldSpec> FilesystemFields { get; } =
    [
        .. TimeFields, H5FieldSpec.U64("Reads"), H5FieldSpec.F64("ReadMB"), H5FieldSpec.U64("Writes"), H5FieldSpec.F64("WriteMB"),
    ];

    /// <summary>OFED counters, delta since the previous read.</summary>
    public static IReadOnlyList<H5FieldSpec> NetworkFields { get; } =
    [
        .. TimeFields, H5FieldSpec.U64("PacketsIn"), H5FieldSpec.U64("PacketsOut"), H5FieldSpec.F64("InMB"), H5FieldSpec.F64("OutMB"),
    ];

    /// <summary>Energy fields for the given plugin's value fields (all uint64), after the time fields.</summary>
    public static IReadOnlyList<H5FieldSpec> EnergyFields(params string[] valueFields) =>
        [.. TimeFields, .. valueFields.Select(H5FieldSpec.U64)];
}
