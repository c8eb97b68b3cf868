using System.Globalization;

namespace Bench.Pipeline.Slurm;

/// <summary>Step names as Slurm writes them: <c>batch</c>, <c>0</c>, <c>1</c>..., <c>-4</c> (extern).</summary>
public static class StepNames
{
    public const string Batch = "batch";
    public const string Extern = "-4";

    /// <summary>
    /// Orders steps for display and decides which step owns a sample time recorded by several:
    /// numbered steps first (ascending), then batch, then extern, then anything else by name.
    /// </summary>
    public static int Rank(string step)
    {
        if (int.TryParse(step, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            return n;
        }

        return step switch
        {
            Batch => int.MaxValue - 2,
            Extern => int.MaxValue - 1,
            _ => int.MaxValue,
        };
    }

    public static int Compare(string a, string b)
    {
        var byRank = Rank(a).CompareTo(Rank(b));
        return byRank != 0 ? byRank : string.CompareOrdinal(a, b);
    }
}
