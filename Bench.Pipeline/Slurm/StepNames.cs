using System.Globalization;

namespace Bench.Pipeline.Slurm;

/// <summary>
/// Step names: Slurm's ids turned readable in one place. Node-step file names print the step id unsigned
/// (extern 4294967292, 4294967295 before 20.11; interactive 4294967290); sh5util parses it into an int
/// (/Steps/-4, -1, -6). Everything after reading uses <see cref="Batch"/>, <see cref="Extern"/>,
/// <see cref="Interactive"/> or the step number.
/// </summary>
public static class StepNames
{
    public const string Batch = "batch";
    public const string Extern = "extern";
    public const string Interactive = "interactive";

    /// <summary>SLURM_EXTERN_CONT from 20.11 on (0xfffffffc), as node-step file names print it.</summary>
    public const string ExternId = "4294967292";

    /// <summary>SLURM_EXTERN_CONT up to 20.02 (0xffffffff, INFINITE).</summary>
    public const string ExternIdBefore2011 = "4294967295";

    /// <summary>SLURM_INTERACTIVE_STEP (0xfffffffa).</summary>
    public const string InteractiveId = "4294967290";

    /// <summary>The extern step as sh5util names its group (strtol into an int): <c>/Steps/-4</c>.</summary>
    public const string ExternMerged = "-4";

    /// <summary>The extern step's group in files merged before 20.11.</summary>
    public const string ExternMergedBefore2011 = "-1";

    /// <summary>The interactive step's group in a merged file.</summary>
    public const string InteractiveMerged = "-6";

    /// <summary>
    /// The readable name of a step as a file name or a merged file's group spells it; null when it is no
    /// step Slurm writes (a number, batch, or one of the ids above).
    /// </summary>
    public static string? Normalize(string raw)
    {
        if (raw.Equals(Batch, StringComparison.OrdinalIgnoreCase))
        {
            return Batch;
        }

        if (raw.Equals(Extern, StringComparison.OrdinalIgnoreCase) || raw is ExternId or ExternIdBefore2011 or ExternMerged or ExternMergedBefore2011)
        {
            return Extern;
        }

        if (raw.Equals(Interactive, StringComparison.OrdinalIgnoreCase) || raw is InteractiveId or InteractiveMerged)
        {
            return Interactive;
        }

        // Ordinary step ids stay below the special ids (0xfffffff0 and up are reserved).
        return uint.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < 0xFFFFFFF0
            ? n.ToString(CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>How the profile plugin spells the step in a node-step file name (Slurm &gt;= 20.11).</summary>
    public static string FileNameToken(string step) => step switch
    {
        Extern => ExternId,
        Interactive => InteractiveId,
        _ => step,
    };

    /// <summary>How sh5util names the step's group under <c>/Steps</c>.</summary>
    public static string MergedGroupName(string step) => step switch
    {
        Extern => ExternMerged,
        Interactive => InteractiveMerged,
        _ => step,
    };

    /// <summary>
    /// Display order, as sh5util sorts steps: extern, interactive, batch, 0, 1, ..., then anything else by name.
    /// </summary>
    public static int Compare(string a, string b)
    {
        var byRank = DisplayRank(a).CompareTo(DisplayRank(b));
        return byRank != 0 ? byRank : string.CompareOrdinal(a, b);
    }

    /// <summary>
    /// Decides which step owns a sample time recorded by several on one node: the most specific first
    /// (numbered steps ascending, then batch, interactive, extern, then anything else by name).
    /// </summary>
    public static int CompareSpecificity(string a, string b)
    {
        var byRank = SpecificityRank(a).CompareTo(SpecificityRank(b));
        return byRank != 0 ? byRank : string.CompareOrdinal(a, b);
    }

    public static IComparer<string> DisplayOrder { get; } = Comparer<string>.Create(Compare);

    public static IComparer<string> SpecificityOrder { get; } = Comparer<string>.Create(CompareSpecificity);

    private static long DisplayRank(string step) => step switch
    {
        Extern => -3,
        Interactive => -2,
        Batch => -1,
        _ => Number(step) ?? long.MaxValue,
    };

    private static long SpecificityRank(string step) => step switch
    {
        Batch => uint.MaxValue + 1L,
        Interactive => uint.MaxValue + 2L,
        Extern => uint.MaxValue + 3L,
        _ => Number(step) ?? long.MaxValue,
    };

    private static long? Number(string step) =>
        uint.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
