namespace Bench.Functions.Tests.Infrastructure;

/// <summary>Reads the <c>export NAME='value'</c> lines scripts/services.sh writes to its env file.</summary>
internal static class TestServerEnvFile
{
    public static Dictionary<string, string> Parse(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (!line.StartsWith("export ", StringComparison.Ordinal))
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }

            values[line["export ".Length..eq]] = Unquote(line[(eq + 1)..]);
        }

        return values;
    }

    // The writer quotes as 'a'\''b' (shell single quotes, with '\'' for a quote inside).
    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '\'' && value[^1] == '\''
            ? value[1..^1].Replace("'\\''", "'", StringComparison.Ordinal)
            : value;
}
