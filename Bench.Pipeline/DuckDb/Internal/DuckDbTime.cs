namespace Bench.Pipeline.DuckDb;

/// <summary>Conversions between DuckDB's epoch-based integers and .NET date/time types.</summary>
internal static class DuckDbTime
{
    private static readonly long UnixEpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>Microseconds since the Unix epoch (UTC), rounded down; sub-microsecond ticks are dropped.</summary>
    internal static long ToUnixMicros(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - UnixEpochTicks;
        var micros = ticks / TimeSpan.TicksPerMicrosecond;
        return ticks < 0 && ticks % TimeSpan.TicksPerMicrosecond != 0 ? micros - 1 : micros;
    }

    /// <summary>An instant from a count of <paramref name="ticksPerUnit"/>-tick units since the epoch; null if out of range.</summary>
    internal static DateTimeOffset? FromUnix(long units, long ticksPerUnit)
    {
        Int128 ticks = (Int128)units * ticksPerUnit + UnixEpochTicks;
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return null;
        }

        return new DateTimeOffset((long)ticks, TimeSpan.Zero);
    }

    /// <summary>An instant from nanoseconds since the epoch (100 ns resolution kept); null if out of range.</summary>
    internal static DateTimeOffset? FromUnixNanos(long nanos) =>
        FromUnix(Math.DivRem(nanos, 100, out var rest) - (nanos < 0 && rest != 0 ? 1 : 0), 1);
}
