using System.Text;

namespace Bench.Pipeline.Sinks;

/// <summary>DDL for the result tables in one SQL dialect, generated from <see cref="ResultSchema"/>.</summary>
public sealed class SqlDialect
{
    private readonly Func<ColumnType, string> _typeName;
    private readonly string _timestampInInformationSchema;

    private SqlDialect(string name, Func<ColumnType, string> typeName, string timestampInInformationSchema)
    {
        Name = name;
        _typeName = typeName;
        _timestampInInformationSchema = timestampInInformationSchema;
    }

    public string Name { get; }

    public static SqlDialect DuckDb { get; } = new("duckdb", type => type switch
    {
        ColumnType.Text => "VARCHAR",
        ColumnType.BigInt => "BIGINT",
        ColumnType.Integer => "INTEGER",
        ColumnType.Double => "DOUBLE",
        ColumnType.Timestamp => "TIMESTAMPTZ",
        ColumnType.Json => "JSON",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    }, "TIMESTAMP WITH TIME ZONE");

    public static SqlDialect Postgres { get; } = new("postgres", type => type switch
    {
        ColumnType.Text => "text",
        ColumnType.BigInt => "bigint",
        ColumnType.Integer => "integer",
        ColumnType.Double => "double precision",
        ColumnType.Timestamp => "timestamptz",
        ColumnType.Json => "jsonb",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    }, "timestamp with time zone");

    public string TypeOf(ColumnType type) => _typeName(type);

    /// <summary>How <c>information_schema.columns.data_type</c> names the type (timestamptz is spelled out there).</summary>
    public string InformationSchemaTypeOf(ColumnType type) => type == ColumnType.Timestamp ? _timestampInInformationSchema : _typeName(type);

    /// <summary>Quotes an identifier (table names come from user files: never trust them unquoted).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string CreateTable(string table, IReadOnlyList<ResultColumn> columns, string? primaryKey = null, bool ifNotExists = false)
    {
        var sql = new StringBuilder();
        sql.Append("CREATE TABLE ").Append(ifNotExists ? "IF NOT EXISTS " : string.Empty).Append(Quote(table)).Append(" (");
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            sql.Append(i == 0 ? string.Empty : ", ").Append(Quote(c.Name)).Append(' ').Append(TypeOf(c.Type));
            if (c.NotNull)
            {
                sql.Append(" NOT NULL");
            }
        }

        if (primaryKey is not null)
        {
            sql.Append(", PRIMARY KEY (").Append(Quote(primaryKey)).Append(')');
        }

        return sql.Append(')').ToString();
    }

    public string CreateSummaryTable() => CreateSummaryTable(ResultTableSet.Files);

    public string CreateSummaryTable(ResultTableSet tables) =>
        CreateTable(tables.SummaryTable, tables.SummaryColumns, primaryKey: tables.KeyColumn, ifNotExists: true);

    public static string ColumnList(IReadOnlyList<ResultColumn> columns) =>
        string.Join(", ", columns.Select(c => Quote(c.Name)));
}
