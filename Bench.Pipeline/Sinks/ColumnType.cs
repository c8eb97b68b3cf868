namespace Bench.Pipeline.Sinks;

/// <summary>Logical column types; each sink maps them to its own SQL dialect.</summary>
public enum ColumnType
{
    Text,
    BigInt,
    Integer,
    Double,
    Timestamp,
    Json,
}

/// <summary>A column of a result table, with the unit or meaning a reader of the table needs.</summary>
public sealed record ResultColumn(string Name, ColumnType Type, string Description, bool NotNull = false);
