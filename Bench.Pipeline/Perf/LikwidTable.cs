namespace Bench.Pipeline.Perf;

/// <summary>
/// One <c>TABLE,...</c> section of <c>likwid-perfctr -O</c> output: e.g. <c>TABLE,Group 1 Metric,FLOPS_DP,8</c>
/// or, with the marker API, <c>TABLE,Region solve,Group 1 Metric STAT,FLOPS_DP,8</c>.
/// </summary>
/// <param name="Kind">What follows "Group N": <c>Raw</c>, <c>Raw STAT</c>, <c>Metric</c> or <c>Metric STAT</c>.</param>
/// <param name="Region">The marker region, or null for the whole run.</param>
/// <param name="Group">The group's number on the command line (1-based).</param>
/// <param name="GroupName">The performance group, e.g. <c>FLOPS_DP</c>.</param>
/// <param name="Columns">The header row after its first cell: hardware threads (<c>HWThread 0</c>) or
/// statistics (<c>Sum</c>, <c>Min</c>, <c>Max</c>, <c>Avg</c>).</param>
/// <param name="Rows">One row per metric or event.</param>
/// <param name="Line">Line of the <c>TABLE</c> header.</param>
public sealed record LikwidTable(
    string Kind,
    string? Region,
    int Group,
    string GroupName,
    IReadOnlyList<string> Columns,
    IReadOnlyList<LikwidRow> Rows,
    int Line)
{
    public bool IsMetric => Kind == "Metric";

    public bool IsMetricStat => Kind.Equals("Metric STAT", StringComparison.OrdinalIgnoreCase);

    /// <summary>The row whose name is <paramref name="name"/> (a STAT table's rows end in " STAT"), or null.</summary>
    public LikwidRow? Find(string name)
    {
        foreach (var row in Rows)
        {
            var rowName = IsMetricStat && row.Name.EndsWith(" STAT", StringComparison.Ordinal) ? row.Name[..^5] : row.Name;
            if (rowName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return row;
            }
        }

        return null;
    }

    /// <summary>The column index of a statistic (<c>Sum</c>, <c>Max</c>, ...), or -1.</summary>
    public int ColumnOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Trim().Equals(column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One metric or event row; a value that is empty, <c>-</c> or <c>nan</c> is null.</summary>
public sealed record LikwidRow(string Name, IReadOnlyList<double?> Values, int Line);
