using System.Globalization;
using System.Text.RegularExpressions;

namespace Bench.Pipeline.Perf;

/// <summary>
/// Reads the CSV that <c>likwid-perfctr -O</c> writes: <c>STRUCT,&lt;name&gt;,&lt;n&gt;</c> blocks of
/// key/value lines and <c>TABLE,[Region &lt;r&gt;,]Group &lt;g&gt; &lt;kind&gt;,&lt;group&gt;,&lt;n&gt;</c> sections,
/// each a header row then one row per metric or event. LIKWID pads every line with commas to one width and
/// does not quote cells. Lines before the first section are ignored (a job's own output); anything else
/// that does not fit is an error naming its line.
/// </summary>
public static partial class LikwidCsvReader
{
    /// <summary>Larger inputs are not performance-counter output (a real one is a few hundred KB).</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <exception cref="LikwidFormatException">The file is missing, too large, binary, or not LIKWID CSV.</exception>
    public static LikwidReport ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileInfo info = new(path);
        if (!info.Exists)
        {
            throw new LikwidFormatException(path, null, "no such file");
        }

        if (info.Length > MaxBytes)
        {
            throw new LikwidFormatException(path, null, $"{info.Length} bytes is larger than any likwid-perfctr output ({MaxBytes} at most)");
        }

        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            return Read(reader, path);
        }
        catch (IOException e) when (e is not LikwidFormatException)
        {
            throw new LikwidFormatException(path, null, $"cannot be read: {e.Message}");
        }
    }

    /// <summary>Parses CSV text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="LikwidFormatException">The text is not LIKWID CSV.</exception>
    public static LikwidReport Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        var tables = new List<LikwidTable>();
        TableBuilder? table = null;
        var structLinesLeft = 0;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Contains('\0', StringComparison.Ordinal))
            {
                throw new LikwidFormatException(source, lineNumber, "binary data: not a likwid-perfctr CSV file");
            }

            var cells = SplitTrimmed(line);
            if (cells.Length == 0)
            {
                continue;
            }

            if (cells[0] == "TABLE")
            {
                Flush(table, tables, source);
                table = StartTable(cells, source, lineNumber);
                structLinesLeft = 0;
            }
            else if (cells[0] == "STRUCT")
            {
                Flush(table, tables, source);
                table = null;
                structLinesLeft = cells.Length >= 3 && int.TryParse(cells[2], CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : 0;
            }
            else if (structLinesLeft > 0)
            {
                structLinesLeft--;
                info[cells[0].TrimEnd(':')] = cells.Length > 1 ? string.Join(',', cells[1..]) : "";
            }
            else if (table is not null)
            {
                table.Add(cells, source, lineNumber);
            }
            else if (tables.Count > 0)
            {
                throw new LikwidFormatException(source, lineNumber, $"'{Shorten(line)}' is outside any TABLE section");
            }
        }

        Flush(table, tables, source);
        if (tables.Count == 0)
        {
            throw new LikwidFormatException(source, null,
                "no TABLE section: not likwid-perfctr CSV output (run likwid-perfctr with -O, e.g. -O -o perf.csv)");
        }

        return new LikwidReport(source, info, tables);
    }

    private static TableBuilder StartTable(string[] cells, string source, int line)
    {
        var at = 1;
        string? region = null;
        if (cells.Length > at && cells[at].StartsWith("Region ", StringComparison.Ordinal))
        {
            region = cells[at]["Region ".Length..];
            at++;
        }

        var match = cells.Length > at ? GroupHeader().Match(cells[at]) : Match.Empty;
        if (!match.Success || cells.Length <= at + 1)
        {
            throw new LikwidFormatException(source, line,
                $"a TABLE header must read 'TABLE,[Region <name>,]Group <n> <kind>,<group name>,<count>', not '{Shorten(string.Join(',', cells))}'");
        }

        var group = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return new TableBuilder(match.Groups[2].Value.Trim(), region, group, cells[at + 1], line);
    }

    private static void Flush(TableBuilder? table, List<LikwidTable> tables, string source)
    {
        if (table is not null)
        {
            tables.Add(table.Build(source));
        }
    }

    /// <summary>Cells with LIKWID's trailing padding removed.</summary>
    private static string[] SplitTrimmed(string line)
    {
        var cells = line.Split(',');
        var count = cells.Length;
        while (count > 0 && string.IsNullOrWhiteSpace(cells[count - 1]))
        {
            count--;
        }

        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = cells[i].Trim();
        }

        return result;
    }

    internal static double? ParseValue(string cell)
    {
        if (cell.Length == 0 || cell == "-" || cell.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    [GeneratedRegex(@"^Group (\d+) (Raw|Raw STAT|Metric|Metric STAT|Metric Stat|Raw Stat)$")]
    private static partial Regex GroupHeader();

    private sealed class TableBuilder(string kind, string? region, int group, string groupName, int line)
    {
        private readonly List<LikwidRow> _rows = [];
        private string[]? _columns;

        public void Add(string[] cells, string source, int lineNumber)
        {
            if (_columns is null)
            {
                if (cells.Length < 2)
                {
                    throw new LikwidFormatException(source, lineNumber, $"the {kind} table of group {group} has no column header");
                }

                _columns = cells[1..];
                return;
            }

            var values = new double?[_columns.Length];
            for (var i = 0; i < values.Length && i + 1 < cells.Length; i++)
            {
                values[i] = ParseValue(cells[i + 1]);
            }

            _rows.Add(new LikwidRow(cells[0], values, lineNumber));
        }

        public LikwidTable Build(string source)
        {
            if (_columns is null)
            {
                throw new LikwidFormatException(source, line, $"the {kind} table of group {group} ({groupName}) is empty");
            }

            var normalisedKind = kind.EndsWith(" Stat", StringComparison.Ordinal) ? kind[..^5] + " STAT" : kind;
            return new LikwidTable(normalisedKind, region, group, groupName, _columns, _rows, line);
        }
    }
}
