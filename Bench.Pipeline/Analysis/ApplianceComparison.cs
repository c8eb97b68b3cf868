using System.Globalization;

namespace Bench.Pipeline.Analysis;

/// <summary>"About the same energy as a kettle for 18 minutes": an energy figure a person can picture.</summary>
public sealed record ApplianceComparison(string Name, double Amount, string Unit, string Description)
{
    private sealed record Appliance(string Name, string Unit, double JoulesPerUnit);

    // Typical draws: kettle 2 kW; LED bulb 10 W; laptop 50 W; washing machine ~1 kWh a cycle;
    // electric car ~0.18 kWh/km; an EU household ~10 kWh a day. First one giving 1..<100 units wins.
    private static readonly Appliance[] Appliances =
    [
        new("kettle", "minutes", 2000 * 60),
        new("LED bulb", "minutes", 10 * 60),
        new("laptop", "hours", 50 * 3600),
        new("washing machine", "cycles", 3.6e6),
        new("electric car", "km", 0.18 * 3.6e6),
        new("household", "days", 10 * 3.6e6),
    ];

    public static ApplianceComparison For(double joules)
    {
        var choice = Appliances.FirstOrDefault(a => joules / a.JoulesPerUnit is >= 1 and < 100)
            ?? (joules < Appliances[1].JoulesPerUnit ? Appliances[1] : Appliances[^1]);
        var amount = Math.Round(joules / choice.JoulesPerUnit, amountDigits(joules / choice.JoulesPerUnit));
        var shown = amount.ToString("0.##", CultureInfo.InvariantCulture);
        var article = choice.Name[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a";
        var subject = choice.Name == "household" ? "an average household" : $"{article} {choice.Name}";
        var verb = choice.Name switch
        {
            "washing machine" => $"{shown} {choice.Unit} of {subject}",
            "electric car" => $"{subject} driving {shown} {choice.Unit}",
            _ => $"{subject} for {shown} {choice.Unit}",
        };
        return new ApplianceComparison(choice.Name, amount, choice.Unit, $"about the same energy as {verb}");

        static int amountDigits(double value) => value >= 10 ? 0 : value >= 1 ? 1 : 2;
    }
}
