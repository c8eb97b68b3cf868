using System.Globalization;
using Bench.Pipeline.Pricing.Smard;

namespace Bench.Pipeline.Pricing;

/// <summary>
/// Parses the CLI's tariff options into sources: <c>--price fixed:EUR_PER_MWH|csv:PATH|smard[:REGION[:RES]]</c>
/// and <c>--carbon fixed:G_PER_KWH|csv:PATH</c>. Parsing does no I/O; a missing CSV file shows when loading.
/// </summary>
public static class TariffSpec
{
    public const string PriceSyntax = "fixed:EUR_PER_MWH, csv:PATH or smard[:REGION[:hour|quarterhour]]";
    public const string CarbonSyntax = "fixed:G_PER_KWH or csv:PATH";

    /// <summary>Parses a <c>--price</c> value.</summary>
    /// <param name="spec">The option's value.</param>
    /// <param name="smardDefaults">Base URL, cache, timeouts for <c>smard</c>; region and resolution come from the spec
    /// when given there. Null uses <see cref="SmardOptions"/> defaults.</param>
    /// <param name="httpClient">Client for SMARD; null uses a shared one.</param>
    /// <exception cref="TariffSpecException">The value does not parse.</exception>
    public static ITariffSource ParsePrice(string spec, SmardOptions? smardDefaults = null, HttpClient? httpClient = null)
    {
        const string option = "--price";
        var (kind, rest) = Split(option, spec, PriceSyntax);
        switch (kind)
        {
            case "fixed":
                return new FixedTariffSource(TariffQuantity.Price, ParseNumber(option, spec, rest, "EUR/MWh", allowNegative: true));
            case "csv":
                return new CsvTariffSource(TariffQuantity.Price, ParsePath(option, spec, rest));
            case "smard":
                return new SmardTariffSource(ParseSmard(option, spec, rest, smardDefaults ?? new SmardOptions()), httpClient);
            default:
                throw Unknown(option, spec, kind, PriceSyntax);
        }
    }

    /// <summary>Parses a <c>--carbon</c> value.</summary>
    /// <exception cref="TariffSpecException">The value does not parse.</exception>
    public static ITariffSource ParseCarbon(string spec)
    {
        const string option = "--carbon";
        var (kind, rest) = Split(option, spec, CarbonSyntax);
        return kind switch
        {
            "fixed" => new FixedTariffSource(TariffQuantity.Carbon, ParseNumber(option, spec, rest, "gCO2/kWh", allowNegative: false)),
            "csv" => new CsvTariffSource(TariffQuantity.Carbon, ParsePath(option, spec, rest)),
            "smard" => throw new TariffSpecException(option, spec,
                $"SMARD publishes prices, not carbon intensity; expected {CarbonSyntax}"),
            _ => throw Unknown(option, spec, kind, CarbonSyntax),
        };
    }

    private static (string Kind, string? Argument) Split(string option, string? spec, string syntax)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new TariffSpecException(option, spec ?? string.Empty, $"empty; expected {syntax}");
        }

        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (spec.Trim().ToLowerInvariant(), null)
            : (spec[..colon].Trim().ToLowerInvariant(), spec[(colon + 1)..]);
    }

    private static double ParseNumber(string option, string spec, string? text, string unit, bool allowNegative)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new TariffSpecException(option, spec, $"fixed needs a value in {unit}, e.g. fixed:{(unit == "EUR/MWh" ? "100" : "400")}");
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new TariffSpecException(option, spec, $"'{text.Trim()}' is not a number in {unit} (use '.' for decimals)");
        }

        if (!allowNegative && value < 0)
        {
            throw new TariffSpecException(option, spec, $"{unit} cannot be negative");
        }

        return value;
    }

    private static string ParsePath(string option, string spec, string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? throw new TariffSpecException(option, spec, "csv needs a file path, e.g. csv:prices.csv")
            : text.Trim();

    private static SmardOptions ParseSmard(string option, string spec, string? text, SmardOptions defaults)
    {
        if (text is null)
        {
            return defaults;
        }

        var parts = text.Split(':');
        if (parts.Length > 2)
        {
            throw new TariffSpecException(option, spec, "expected smard, smard:REGION or smard:REGION:RESOLUTION");
        }

        var region = parts[0].Trim();
        var options = defaults;
        if (region.Length > 0)
        {
            if (!SmardOptions.IsValidRegion(region))
            {
                throw new TariffSpecException(option, spec, $"'{region}' is not a SMARD region (letters, digits and dashes, e.g. DE-LU, AT)");
            }

            options = options with { Region = region };
        }

        if (parts.Length == 2)
        {
            if (!SmardResolutionNames.TryParse(parts[1], out var resolution))
            {
                throw new TariffSpecException(option, spec, $"'{parts[1].Trim()}' is not a SMARD resolution; expected hour or quarterhour");
            }

            options = options with { Resolution = resolution };
        }

        return options;
    }

    private static TariffSpecException Unknown(string option, string spec, string kind, string syntax)
    {
        var hint = double.TryParse(spec.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? $" (did you mean fixed:{spec.Trim()}?)"
            : string.Empty;
        return new TariffSpecException(option, spec, $"unknown kind '{kind}'{hint}; expected {syntax}");
    }
}
