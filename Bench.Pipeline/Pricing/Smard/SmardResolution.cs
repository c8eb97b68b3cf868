namespace Bench.Pipeline.Pricing.Smard;

/// <summary>Time resolution of a SMARD series.</summary>
public enum SmardResolution
{
    /// <summary>One value per hour (<c>hour</c>).</summary>
    Hour,

    /// <summary>One value per quarter hour (<c>quarterhour</c>); day-ahead prices since October 2025.</summary>
    QuarterHour,
}

/// <summary>SMARD's names and step lengths for <see cref="SmardResolution"/>.</summary>
public static class SmardResolutionNames
{
    /// <summary>The name used in SMARD URLs: <c>hour</c> or <c>quarterhour</c>.</summary>
    public static string ToUrlName(this SmardResolution resolution) => resolution switch
    {
        SmardResolution.Hour => "hour",
        SmardResolution.QuarterHour => "quarterhour",
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, null),
    };

    /// <summary>Seconds one value covers.</summary>
    public static long StepSeconds(this SmardResolution resolution) => resolution switch
    {
        SmardResolution.Hour => 3600,
        SmardResolution.QuarterHour => 900,
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, null),
    };

    /// <summary>Parses <c>hour</c> or <c>quarterhour</c> (case-insensitive).</summary>
    public static bool TryParse(string? text, out SmardResolution resolution)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "hour":
                resolution = SmardResolution.Hour;
                return true;
            case "quarterhour":
                resolution = SmardResolution.QuarterHour;
                return true;
            default:
                resolution = default;
                return false;
        }
    }
}
