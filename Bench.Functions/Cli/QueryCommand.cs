using System.Collections;
using System.CommandLine;
using System.Globalization;
using System.Text;
using Bench.Pipeline.Sinks.DuckDb;
using Spectre.Console;

namespace Bench.Functions.Cli;

/// <summary>
/// <c>query &lt;results.duckdb&gt; "&lt;sql&gt;"</c>: runs SQL against a results file, read-only, and prints a
/// table (no DuckDB CLI ships in Debian; any DuckDB 1.5 client opens the file too).
/// </summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var database = new Argument<string>("results.duckdb") { Description = "a results file written by analyze --db" }.RejectUnknownOptions();
        var sql = new Argument<string>("sql") { Description = "the query, quoted as one argument" };
        var command = new Command("query", "Query a results file, read-only, and print a table.\nExit code: 0 ok, 1 no such file or the query failed, 2 bad usage.")
        {
            database, sql,
        };
        command.SetAction(result => RunAsync(result.GetRequiredValue(database), result.GetRequiredValue(sql)));
        return command;
    }

    private static async Task<int> RunAsync(string path, string sql)
    {
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"bench query: no such file '{path}'").ConfigureAwait(false);
            return 1;
        }

        try
        {
            using var file = DuckDbFile.Open(path, DuckDbFileOptions.ReadOnly);
            var result = file.Query(sql);
            var table = new Table().Border(TableBorder.Simple);
            foreach (var name in result.ColumnNames)
            {
                table.AddColumn(Markup.Escape(name));
            }

            foreach (var row in result.Rows)
            {
                table.AddRow(row.Select(value => Markup.Escape(Format(value))).ToArray());
            }

            AnsiConsole.Write(table);
            Console.WriteLine($"({result.RowCount} row{(result.RowCount == 1 ? string.Empty : "s")})");
            return 0;
        }
        catch (DuckDbFileException e)
        {
            await Console.Error.WriteLineAsync($"bench query: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (InvalidCastException e)
        {
            await Console.Error.WriteLineAsync($"bench query: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        string s => s,
        double d => d.ToString("G10", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        Stream blob => Blob(blob),
        IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object?>().Select(k => $"{Format(k)}: {Format(map[k!])}")) + "}",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>A BLOB as DuckDB prints it: printable ASCII as is, other bytes as \xNN.</summary>
    private static string Blob(Stream blob)
    {
        using var copy = new MemoryStream();
        blob.CopyTo(copy);
        var text = new StringBuilder();
        foreach (var b in copy.ToArray())
        {
            text.Append(b is >= 0x20 and < 0x7f and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return text.ToString();
    }
}
