using System.Globalization;
using System.Text.RegularExpressions;

namespace Bench.Pipeline.Pricing;

/// <summary>
/// Reads <c>timestamp,value</c> lines into a <see cref="TariffSeries"/>. An optional header line comes first;
/// blank lines and lines starting with <c>#</c> are skipped. Timestamps are ISO 8601 with an offset or Z, Unix
/// seconds, or Unix milliseconds, detected from the first data row and required of every row; an empty value
/// means missing. Rows may come in any order; a repeated timestamp is an error.
/// </summary>
public static partial class CsvTariffReader
{
    // Integers at least this large are milliseconds: as seconds they would lie after the year 5000.
    private const long MillisecondsThreshold = 100_000_000_000;

    private enum TimeFormat { Iso8601, UnixSeconds, UnixMilliseconds }

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    /// <exception cref="TariffDataException">The file is missing, unreadable, or has a bad line.</exception>
    public static async Task<TariffSeries> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        StreamReader reader;
        try
        {
            reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var what = ex is FileNotFoundException or DirectoryNotFoundException ? "not found" : $"cannot be opened: {ex.Message}";
            throw new TariffDataException($"Tariff CSV '{path}' {what}.", path, null, ex);
        }

        using (reader)
        {
            try
            {
                return await ReadAsync(reader, path, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new TariffDataException($"Tariff CSV '{path}' could not be read: {ex.Message}", path, null, ex);
            }
        }
    }

    /// <summary>Parses CSV text; <paramref name="path"/> names the source in error messages.</summary>
    /// <exception cref="TariffDataException">A line is malformed or a timestamp repeats.</exception>
    public static async Task<TariffSeries> ReadAsync(TextReader reader, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<(long Time, double? Value, int Line)>();
        TimeFormat? format = null;
        var lineNumber = 0;
        var sawContent = false;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } raw)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split(',');
            var first = !sawContent;
            sawContent = true;
            if (first && IsHeader(fields))
            {
                continue;
            }

            if (fields.Length != 2)
            {
                throw Bad(path, lineNumber, $"expected 2 fields 'timestamp,value' but found {fields.Length}: '{Shorten(line)}'");
            }

            var timeText = Unquote(fields[0]);
            var valueText = Unquote(fields[1]);
            format ??= DetectFormat(timeText)
                ?? throw Bad(path, lineNumber, $"'{Shorten(timeText)}' is not a timestamp (ISO 8601 with an offset or Z, Unix seconds, or Unix milliseconds)");
            var time = ParseTime(timeText, format.Value, path, lineNumber);
            rows.Add((time, ParseValue(valueText, path, lineNumber), lineNumber));
        }

        // Stable sort keeps file order for equal times, so the duplicate check names lines in reading order.
        var sorted = rows.OrderBy(r => r.Time).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Time == sorted[i - 1].Time)
            {
                throw Bad(path, sorted[i].Line,
                    $"timestamp {sorted[i].Time} (Unix seconds) repeats the one on line {sorted[i - 1].Line}");
            }
        }

        return new TariffSeries(sorted.Select(r => new TariffPoint(r.Time, r.Value)));
    }

    private static bool IsHeader(string[] fields) =>
        fields.Length == 2
        && DetectFormat(Unquote(fields[0])) is null
        && !double.TryParse(Unquote(fields[1]), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static TimeFormat? DetectFormat(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return Math.Abs(number) >= MillisecondsThreshold ? TimeFormat.UnixMilliseconds : TimeFormat.UnixSeconds;
        }

        return TryParseIso(text, out _) ? TimeFormat.Iso8601 : null;
    }

    private static long ParseTime(string text, TimeFormat format, string path, int line)
    {
        if (format == TimeFormat.Iso8601)
        {
            if (TryParseIso(text, out var dto))
            {
                return dto.ToUnixTimeSeconds();
            }

            var why = IsoLike().IsMatch(text) && !OffsetSuffix().IsMatch(text)
                ? "has no UTC offset (add Z or +hh:mm)"
                : "is not an ISO 8601 timestamp like the file's first row";
            throw Bad(path, line, $"timestamp '{Shorten(text)}' {why}");
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            var unit = format == TimeFormat.UnixSeconds ? "Unix seconds" : "Unix milliseconds";
            throw Bad(path, line, $"timestamp '{Shorten(text)}' is not an integer in {unit} like the file's first row");
        }

        // Floor, so a millisecond time inside a second belongs to that second.
        return format == TimeFormat.UnixSeconds ? number : Math.DivRem(number, 1000L) switch
        {
            var (q, r) when r < 0 => q - 1,
            var (q, _) => q,
        };
    }

    private static double? ParseValue(string text, string path, int line)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        throw Bad(path, line, $"value '{Shorten(text)}' is not a number (use '.' for decimals; leave it empty when missing)");
    }

    private static bool TryParseIso(string text, out DateTimeOffset value)
    {
        value = default;
        // Without an offset the time would silently depend on the machine's time zone.
        return IsoLike().IsMatch(text)
            && OffsetSuffix().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static string Unquote(string field)
    {
        var f = field.Trim();
        return f.Length >= 2 && f[0] == '"' && f[^1] == '"' ? f[1..^1].Trim() : f;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static TariffDataException Bad(string path, int line, string what) =>
        new($"Tariff CSV '{path}' line {line}: {what}.", path, line);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")]
    private static partial Regex IsoLike();

    [GeneratedRegex(@"(Z|z|[+-]\d{2}(:?\d{2})?)$")]
    private static partial Regex OffsetSuffix();
}
