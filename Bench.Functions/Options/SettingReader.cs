using System.Globalization;

namespace Bench.Functions.Options;

/// <summary>
/// Reads settings by their environment-variable names (the configuration keys are those names) and
/// records every value that cannot be parsed, so start-up can name the variable at fault.
/// </summary>
internal sealed class SettingReader(IConfiguration configuration)
{
    public List<string> Errors { get; } = [];

    public string? String(string name)
    {
        var value = configuration[name];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>A secret is taken as given: surrounding spaces may be part of it.</summary>
    public string? Secret(string name)
    {
        var value = configuration[name];
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public int Int(string name, int fallback, int min, int max)
    {
        var raw = String(name);
        if (raw is null)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Errors.Add($"{name} must be an integer from {min} to {max} (got '{raw}').");
        return fallback;
    }

    public bool Bool(string name, bool fallback)
    {
        var raw = String(name);
        switch (raw?.ToUpperInvariant())
        {
            case null:
                return fallback;
            case "TRUE" or "1" or "YES" or "ON":
                return true;
            case "FALSE" or "0" or "NO" or "OFF":
                return false;
            default:
                Errors.Add($"{name} must be true or false (got '{raw}').");
                return fallback;
        }
    }
}
