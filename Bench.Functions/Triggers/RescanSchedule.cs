using NCrontab;

namespace Bench.Functions.Triggers;

/// <summary>BENCH_RESCAN_SCHEDULE: a 6-field NCRONTAB expression (with seconds) in UTC, as Functions timers take it.</summary>
internal static class RescanSchedule
{
    public static bool TryParse(string expression, out CrontabSchedule? schedule)
    {
        schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        return schedule is not null;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset Next(CrontabSchedule schedule, DateTimeOffset after) =>
        new(DateTime.SpecifyKind(schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));
}
