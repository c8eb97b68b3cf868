namespace Bench.Pipeline.Pricing;

/// <summary>
/// What a tariff's values measure and how they convert energy: a value is an amount of <see cref="TotalUnit"/>
/// per <see cref="JoulesPerUnit"/> joules (EUR per MWh: 3.6e9 J; g per kWh: 3.6e6 J).
/// </summary>
public sealed record TariffQuantity(string Name, string ValueUnit, string TotalUnit, double JoulesPerUnit)
{
    /// <summary>Electricity price in EUR/MWh; totals in EUR.</summary>
    public static TariffQuantity Price { get; } = new("price", "EUR/MWh", "EUR", 3.6e9);

    /// <summary>Carbon intensity in gCO2/kWh; totals in gCO2.</summary>
    public static TariffQuantity Carbon { get; } = new("carbon intensity", "gCO2/kWh", "gCO2", 3.6e6);
}
