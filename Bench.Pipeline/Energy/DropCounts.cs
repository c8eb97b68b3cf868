namespace Bench.Pipeline.Energy;

/// <summary>Rows removed while cleaning one series, by reason.</summary>
public sealed class DropCounts
{
    /// <summary>EpochTime 0, before 2000 or after 2100.</summary>
    public int BadTime { get; set; }

    /// <summary>Same EpochTime as the previous kept row.</summary>
    public int Duplicate { get; set; }

    /// <summary>EpochTime before the previous kept row.</summary>
    public int Backwards { get; set; }

    /// <summary>Power negative, not a number, or above <see cref="PowerSeriesCleaner.MaxNodePowerW"/>.</summary>
    public int AbsurdPower { get; set; }

    public int Total => BadTime + Duplicate + Backwards + AbsurdPower;

    public void Add(DropCounts other)
    {
        BadTime += other.BadTime;
        Duplicate += other.Duplicate;
        Backwards += other.Backwards;
        AbsurdPower += other.AbsurdPower;
    }

    public string Describe()
    {
        var parts = new List<string>(4);
        if (BadTime > 0) parts.Add($"{BadTime} with EpochTime 0 or out of range");
        if (Duplicate > 0) parts.Add($"{Duplicate} duplicate times");
        if (Backwards > 0) parts.Add($"{Backwards} backwards times");
        if (AbsurdPower > 0) parts.Add($"{AbsurdPower} with absurd power (negative, NaN or over 100 kW)");
        return string.Join(", ", parts);
    }
}
