using Bench.Pipeline.Sinks;

namespace Bench.Functions.Cli;

/// <summary>Opens the sink the CLI was asked for.</summary>
internal static class ResultSinks
{
    public static IResultSink? OpenLocal(string? databasePath) =>
        databasePath is null ? null : throw new InvalidOperationException("DuckDB sink pending merge");
}
