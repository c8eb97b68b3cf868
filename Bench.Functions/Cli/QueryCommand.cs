using System.CommandLine;
using System.Globalization;
using Bench.Pipeline.DuckDb;
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
            using var database = DuckDbDatabase.Open(path, new Dictionary<string, string> { ["access_mode"] = "READ_ONLY" });
            using var connection = database.Connect();
            var result = connection.Query(sql);
            var table = new Table().Border(TableBorder.Simple);
            foreach (var name in result.ColumnNames)
            {
                table.AddColumn(Markup.Escape(name));
            }

            for (var row = 0; row < result.RowCount; row++)
            {
                var cells = new string[result.ColumnCount];
                for (var column = 0; column < result.ColumnCount; column++)
                {
                    cells[column] = Markup.Escape(Format(result.GetValue(row, column)));
                }

                table.AddRow(cells);
            }

            AnsiConsole.Write(table);
            Console.WriteLine($"({result.RowCount} row{(result.RowCount == 1 ? string.Empty : "s")})");
            return 0;
        }
        catch (DuckDbException e)
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
        double d => d.ToString("G10", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
