namespace Bench.Pipeline.Sinks.DuckDb;

/// <summary>How a DuckDB file is opened. The defaults bound memory and threads for the analysis.</summary>
public sealed record DuckDbFileOptions
{
    /// <summary>
    /// DuckDB's buffer pool limit: by default DuckDB sizes its pool from the machine's memory and the
    /// process peaked at ~800 MB on a 64-node day; with 64MB and one thread it stays under 400 MB and is no
    /// slower (scripts/bench-analyze.sh).
    /// </summary>
    public const string DefaultMemoryLimit = "64MB";

    public static DuckDbFileOptions Default { get; } = new();

    /// <summary>
    /// Read-only with DuckDB's own memory and thread defaults, for a user's queries of a results file (as
    /// before; other processes may read it at the same time).
    /// </summary>
    public static DuckDbFileOptions ReadOnly { get; } = new() { AccessReadOnly = true, MemoryLimit = null, Threads = null };

    /// <summary>DuckDB's memory_limit; null leaves DuckDB's default (a share of the machine's memory).</summary>
    public string? MemoryLimit { get; init; } = DefaultMemoryLimit;

    /// <summary>DuckDB's worker threads (null: one per core); one keeps the appender's memory small and costs nothing here.</summary>
    public int? Threads { get; init; } = 1;

    public bool AccessReadOnly { get; init; }
}
