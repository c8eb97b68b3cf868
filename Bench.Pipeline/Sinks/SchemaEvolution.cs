namespace Bench.Pipeline.Sinks;

/// <summary>A column as the database's <c>information_schema.columns</c> lists it.</summary>
public sealed record ExistingColumn(string Name, string DataType);

/// <summary>
/// Brings a summary table written by an earlier release up to <see cref="ResultSchema"/>: columns are
/// only ever added at the END of a table, so an existing table whose columns are a prefix of the schema's
/// gains the missing ones (nullable: its rows hold NULL there). Anything else (another order, another
/// type, columns this release does not know) is refused, naming the table, rather than written wrongly.
/// </summary>
public static class SchemaEvolution
{
    /// <summary>The <c>ALTER TABLE ... ADD COLUMN</c> statements <paramref name="table"/> needs; none when it is up to date.</summary>
    /// <param name="dialect">The database's dialect (types and their information_schema names).</param>
    /// <param name="table">The table, for statements and messages.</param>
    /// <param name="existing">Its columns in order, as the database lists them.</param>
    /// <param name="columns">What the schema says it holds.</param>
    /// <exception cref="ResultTableMismatchException">The table is not an earlier form of the schema's.</exception>
    public static IReadOnlyList<string> Plan(SqlDialect dialect, string table, IReadOnlyList<ExistingColumn> existing, IReadOnlyList<ResultColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(columns);
        for (var i = 0; i < existing.Count; i++)
        {
            var found = existing[i];
            if (i >= columns.Count)
            {
                throw new ResultTableMismatchException(table,
                    $"has column '{found.Name}' at position {i + 1}, which this version of Bench does not know ({columns.Count} columns): was it written by a newer version?");
            }

            var expected = columns[i];
            if (!string.Equals(found.Name, expected.Name, StringComparison.Ordinal))
            {
                throw new ResultTableMismatchException(table,
                    $"has column '{found.Name}' at position {i + 1} where Bench expects '{expected.Name}' (columns are only ever added at the end)");
            }

            if (!string.Equals(found.DataType, dialect.InformationSchemaTypeOf(expected.Type), StringComparison.OrdinalIgnoreCase))
            {
                throw new ResultTableMismatchException(table,
                    $"column '{found.Name}' is {found.DataType} where Bench expects {dialect.TypeOf(expected.Type)}");
            }
        }

        return columns.Skip(existing.Count)
            .Select(c => $"ALTER TABLE {SqlDialect.Quote(table)} ADD COLUMN IF NOT EXISTS {SqlDialect.Quote(c.Name)} {dialect.TypeOf(c.Type)}")
            .ToArray();
    }
}

/// <summary>A result table exists with columns Bench cannot write to (another order or type, or unknown ones).</summary>
public sealed class ResultTableMismatchException : InvalidOperationException
{
    public ResultTableMismatchException(string table, string problem)
        : base($"result table '{table}' {problem}; move it aside (ALTER TABLE {table} RENAME TO ...) or write to another database")
    {
        Table = table;
    }

    public ResultTableMismatchException()
    {
        Table = "";
    }

    public ResultTableMismatchException(string message)
        : base(message)
    {
        Table = "";
    }

    public ResultTableMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        Table = "";
    }

    /// <summary>The table that was refused.</summary>
    public string Table { get; }
}
