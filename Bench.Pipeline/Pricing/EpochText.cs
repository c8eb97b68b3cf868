using System.Globalization;

namespace Bench.Pipeline.Pricing;

/// <summary>Formats Unix seconds for messages without throwing on values outside the calendar.</summary>
internal static class EpochText
{
    public static string Format(long epochSeconds) =>
        epochSeconds is >= -62_135_596_800 and <= 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(epochSeconds).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : epochSeconds.ToString(CultureInfo.InvariantCulture) + " (Unix seconds)";
}
