using System.Globalization;
using Bench.Functions.Jobs;

namespace Bench.Functions.Tests.Jobs;

public sealed class SlurmJobChangesTests
{
    [Fact]
    public void TheLockStatementTakesTheLockKey() =>
        Assert.Equal(SlurmJobChanges.LockSql, $"SELECT pg_advisory_xact_lock({SlurmJobChanges.LockKey.ToString(CultureInfo.InvariantCulture)})");
}
