using System.Text;

namespace Bench.Pipeline.Sinks.DuckDb;

/// <summary>
/// Turns a database path into the Data Source DuckDB.NET is given. DuckDB.NET shares one open database per
/// Data Source in a process and compares Data Sources case-insensitively, so on Linux
/// <c>Results.duckdb</c> and <c>results.duckdb</c> would silently become one database. The Data Source is
/// therefore the absolute path with the case of its letters spelled out in no-op segments that DuckDB
/// resolves away: <c>./</c> for a lowercase letter, <c>.//</c> for an uppercase one, up to the last
/// uppercase letter, just before the file name (<c>/d/Results.duckdb</c> becomes <c>/d/././/Results.duckdb</c>: d lowercase, R uppercase).
/// Paths that differ only in case get Data Sources that differ in those segments; the same path always gets
/// the same Data Source, so it still shares one database.
/// </summary>
public static class DuckDbPaths
{
    public const string InMemory = ":memory:";

    /// <summary>The absolute path (what errors name); ":memory:" stays as it is.</summary>
    public static string Normalize(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return path == InMemory ? path : Path.GetFullPath(path);
    }

    /// <summary>The Data Source for <paramref name="path"/>: see the type's summary.</summary>
    public static string DataSource(string path)
    {
        var full = Normalize(path);
        if (full == InMemory || !OperatingSystem.IsLinux())
        {
            return full; // Windows and macOS filesystems fold case themselves: one file, one database
        }

        var lastUpper = -1;
        for (var i = 0; i < full.Length; i++)
        {
            if (char.IsUpper(full[i]))
            {
                lastUpper = i;
            }
        }

        if (lastUpper < 0)
        {
            return full; // nothing for the cache to fold
        }

        var marks = new StringBuilder();
        for (var i = 0; i <= lastUpper; i++)
        {
            if (char.IsUpper(full[i]))
            {
                marks.Append(".//");
            }
            else if (char.IsLower(full[i]))
            {
                marks.Append("./");
            }
        }

        var directory = Path.GetDirectoryName(full) ?? string.Empty;
        return Path.TrimEndingDirectorySeparator(directory) + "/" + marks + Path.GetFileName(full);
    }
}
