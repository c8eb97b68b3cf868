namespace Bench.Pipeline.Energy;

/// <summary>Rows removed while cleaning one series, by reason, and sensor values dropped from rows that were kept.</summary>
public sealed class DropCounts
{
    private readonly SortedDictionary<string, int> _failedReadings = new(StringComparer.Ordinal);

    /// <summary>EpochTime 0, before 2000 or after 2100.</summary>
    public int BadTime { get; set; }

    /// <summary>Same EpochTime as the previous kept row.</summary>
    public int Duplicate { get; set; }

    /// <summary>EpochTime before the previous kept row.</summary>
    public int Backwards { get; set; }

    /// <summary>Power negative, not a number, or above <see cref="PowerSeriesCleaner.MaxNodePowerW"/> (NO_VAL aside).</summary>
    public int AbsurdPower { get; set; }

    /// <summary>
    /// rapl's 0 W first row of a step: the baseline read, not a reading. Its value is dropped and the next
    /// row's average power holds from its time, so the row's time is kept (not counted in <see cref="Total"/>).
    /// </summary>
    public int Baseline { get; set; }

    /// <summary>Rows whose total sensor failed (NO_VAL) before its first or after its last good reading.</summary>
    public int NoTotal { get; set; }

    /// <summary>NO_VAL values per power field: each dropped from its own column, the row kept.</summary>
    public IReadOnlyDictionary<string, int> FailedReadings => _failedReadings;

    public int FailedReadingCount => _failedReadings.Values.Sum();

    /// <summary>Rows removed (failed readings remove values, not rows, and are not counted here).</summary>
    public int Total => BadTime + Duplicate + Backwards + AbsurdPower + NoTotal;

    public void CountFailedReading(string label) =>
        _failedReadings[label] = _failedReadings.GetValueOrDefault(label) + 1;

    public void Add(DropCounts other)
    {
        BadTime += other.BadTime;
        Duplicate += other.Duplicate;
        Backwards += other.Backwards;
        AbsurdPower += other.AbsurdPower;
        Baseline += other.Baseline;
        NoTotal += other.NoTotal;
        foreach (var (label, count) in other._failedReadings)
        {
            _failedReadings[label] = _failedReadings.GetValueOrDefault(label) + count;
        }
    }

    public string Describe()
    {
        var parts = new List<string>(6);
        if (BadTime > 0) parts.Add($"{BadTime} with EpochTime 0 or out of range");
        if (Duplicate > 0) parts.Add($"{Duplicate} duplicate times");
        if (Backwards > 0) parts.Add($"{Backwards} backwards times");
        if (AbsurdPower > 0) parts.Add($"{AbsurdPower} with absurd power (negative, NaN or over 100 kW)");
        if (NoTotal > 0) parts.Add($"{NoTotal} whose total sensor failed (NO_VAL) with no good reading on one side");
        return string.Join(", ", parts);
    }

    /// <summary>The failed readings in words, e.g. "3 NodePower, 1 GPU2Power"; empty when none.</summary>
    public string DescribeFailedReadings() =>
        string.Join(", ", _failedReadings.Select(p => $"{p.Value} {p.Key}"));
}
