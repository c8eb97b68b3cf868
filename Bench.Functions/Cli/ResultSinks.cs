using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.DuckDb;

namespace Bench.Functions.Cli;

/// <summary>Opens the sink the CLI was asked for: a DuckDB file, or none.</summary>
internal static class ResultSinks
{
    public static IResultSink? OpenLocal(string? databasePath)
    {
        if (databasePath is null)
        {
            return null;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new IOException($"the directory '{directory}' does not exist");
        }

        return DuckDbResultSink.Open(databasePath);
    }
}
