using System.Globalization;

namespace Bench.Pipeline.Slurm.Sample;

/// <summary>Which acct_gather_energy plugin the synthetic profile imitates.</summary>
public enum EnergyPlugin
{
    /// <summary>ipmi with the default sensor: <c>NodePower</c>.</summary>
    Ipmi,

    /// <summary>ipmi with three sensors: <c>NodePower</c>, <c>Socket0Power</c>, <c>Socket1Power</c>.</summary>
    IpmiSockets,

    /// <summary>Lenovo xcc: <c>Energy</c> (J since previous read) and <c>CurrPower</c>.</summary>
    Xcc,

    /// <summary>rapl (also pm_counters, ibmaem): <c>Power</c>, the average since the previous read; 0 W on the first row of every step (rapl's baseline read).</summary>
    Rapl,

    /// <summary>gpu: <c>GPU&lt;i&gt;Power</c> per GPU, no node total.</summary>
    Gpu,
}

/// <summary>What to generate. <see cref="Validate"/> says what is wrong in words a CLI user understands.</summary>
public sealed record SampleProfileOptions
{
    public int Nodes { get; init; } = 2;

    public int TasksPerNode { get; init; } = 2;

    /// <summary>Steps: <c>batch</c> (first node only, whole job), numbers (all nodes), <c>extern</c> (or <c>-4</c>, <c>4294967292</c>); written in sh5util's order.</summary>
    public IReadOnlyList<string> Steps { get; init; } = [StepNames.Batch, "0"];

    public double Hours { get; init; } = 1;

    public int EnergyIntervalSeconds { get; init; } = 2;

    public int TaskIntervalSeconds { get; init; } = 30;

    public EnergyPlugin Plugin { get; init; } = EnergyPlugin.Ipmi;

    public ulong Seed { get; init; } = 1;

    public ProfileLayout Layout { get; init; } = ProfileLayout.Merged;

    /// <summary>The 8-field task layout of Slurm before 23.02 (no GPUMemMB/GPUUtilization).</summary>
    public bool LegacyTasks { get; init; }

    /// <summary>Job id for node-step file names (a merged file takes it from its own name when it is <c>job_&lt;id&gt;.h5</c>).</summary>
    public long JobId { get; init; } = 4242;

    public int GpusPerNode { get; init; } = 4;

    public int CpusPerTask { get; init; } = 1;

    /// <summary>Also write Filesystem (lustre) and Network (ofed) series.</summary>
    public bool IncludeIo { get; init; } = true;

    public string NodePrefix { get; init; } = "cn";

    /// <summary>Job start, Unix seconds (default 2024-03-04 08:00:00 UTC).</summary>
    public long StartEpoch { get; init; } = 1_709_539_200;

    /// <summary>Duration in whole seconds (at least 1).</summary>
    public long DurationSeconds => Math.Max(1, (long)Math.Round(Hours * 3600));

    public string NodeName(int index) => string.Create(CultureInfo.InvariantCulture, $"{NodePrefix}{index + 1:D3}");

    /// <summary>Problems with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Nodes is < 1 or > 100_000)
        {
            errors.Add($"--nodes must be between 1 and 100000 (got {Nodes})");
        }

        if (TasksPerNode is < 1 or > 4096)
        {
            errors.Add($"--tasks-per-node must be between 1 and 4096 (got {TasksPerNode})");
        }

        if (!(Hours > 0) || Hours > 24 * 366)
        {
            errors.Add($"--hours must be above 0 and at most {24 * 366} (got {Hours.ToString(CultureInfo.InvariantCulture)})");
        }

        if (EnergyIntervalSeconds is < 1 or > 86_400)
        {
            errors.Add($"--energy-interval must be between 1 and 86400 seconds (got {EnergyIntervalSeconds})");
        }

        if (TaskIntervalSeconds is < 1 or > 86_400)
        {
            errors.Add($"--task-interval must be between 1 and 86400 seconds (got {TaskIntervalSeconds})");
        }

        if (Steps.Count == 0)
        {
            errors.Add("--steps needs at least one step");
        }

        foreach (var step in Steps)
        {
            if (!IsKnownStep(step))
            {
                errors.Add($"--steps: '{step}' is not a Slurm step name (batch, extern, -4, 4294967292, interactive or a number)");
            }
        }

        if (StepNamesNormalized.Distinct(StringComparer.Ordinal).Count() != Steps.Count)
        {
            errors.Add("--steps names a step twice");
        }

        if (GpusPerNode is < 1 or > 64)
        {
            errors.Add($"GPUs per node must be between 1 and 64 (got {GpusPerNode})");
        }

        if (CpusPerTask is < 1 or > 1024)
        {
            errors.Add($"CPUs per task must be between 1 and 1024 (got {CpusPerTask})");
        }

        if (JobId < 0)
        {
            errors.Add($"--job-id must not be negative (got {JobId})");
        }

        if (string.IsNullOrEmpty(NodePrefix) || NodePrefix.Contains('/') || NodePrefix.Contains('_'))
        {
            errors.Add("the node name prefix must be non-empty, without '/' or '_'");
        }

        return errors;
    }

    internal static bool IsKnownStep(string step) => StepNames.Normalize(step) switch
    {
        null => false,
        StepNames.Batch or StepNames.Extern or StepNames.Interactive => true,
        var number => number == step, // "007" is no step id Slurm prints
    };

    /// <summary>The steps by their readable names (<c>-4</c> and <c>4294967292</c> become <c>extern</c>).</summary>
    internal IReadOnlyList<string> StepNamesNormalized => Steps.Select(s => StepNames.Normalize(s) ?? s).ToList();
}
