using System.Text;

namespace Bench.Pipeline.DuckDb;

/// <summary>Copies a duckdb_result into managed columns, chunk by chunk (duckdb_fetch_chunk).</summary>
internal static unsafe class DuckDbResultReader
{
    internal static DuckDbResult Read(SafeDuckDbResultHandle result, string databasePath, string operation)
    {
        var columns = ReadSchema(result);
        var added = false;
        result.DangerousAddRef(ref added);
        try
        {
            var rows = 0L;
            while (true)
            {
                // duckdb_fetch_chunk takes the struct by value; the copy points at the same internal data.
                using var chunk = Interop.DuckDb.duckdb_fetch_chunk(result.ReadStruct());
                if (chunk.IsInvalid)
                {
                    break;
                }

                var size = (int)Interop.DuckDb.duckdb_data_chunk_get_size(chunk);
                rows += size;
                if (rows > Array.MaxLength)
                {
                    throw DuckDbErrors.Failure(databasePath, $"the result has more than {Array.MaxLength} rows, too many to hold in memory", operation);
                }

                for (var c = 0; c < columns.Length; c++)
                {
                    var vector = Interop.DuckDb.duckdb_data_chunk_get_vector(chunk, (ulong)c);
                    ReadVector(columns[c], vector, size);
                }
            }
        }
        finally
        {
            result.DangerousRelease();
        }

        return new DuckDbResult(columns, databasePath);
    }

    private static DuckDbColumn[] ReadSchema(SafeDuckDbResultHandle result)
    {
        var count = (int)Interop.DuckDb.duckdb_column_count(result);
        var columns = new DuckDbColumn[count];
        for (var c = 0; c < count; c++)
        {
            var name = DuckDbErrors.ReadBorrowedUtf8(Interop.DuckDb.duckdb_column_name(result, (ulong)c));
            var type = Interop.DuckDb.duckdb_column_type(result, (ulong)c);
            int scale = 0;
            var internalType = DuckDbType.Invalid;
            if (type == DuckDbType.Decimal)
            {
                using var logical = Interop.DuckDb.duckdb_column_logical_type(result, (ulong)c);
                scale = Interop.DuckDb.duckdb_decimal_scale(logical);
                internalType = Interop.DuckDb.duckdb_decimal_internal_type(logical);
            }

            columns[c] = new DuckDbColumn(name, type, scale, internalType);
        }

        return columns;
    }

    private static void ReadVector(DuckDbColumn column, nint vector, int size)
    {
        var data = (byte*)Interop.DuckDb.duckdb_vector_get_data(vector);
        // A null validity pointer means every row is valid.
        var validity = (ulong*)Interop.DuckDb.duckdb_vector_get_validity(vector);
        for (var row = 0; row < size; row++)
        {
            if (validity != null && (validity[row >> 6] & (1UL << (row & 63))) == 0)
            {
                column.AddNull();
                continue;
            }

            column.MarkValid();
            ReadValue(column, data, row);
        }
    }

    private static void ReadValue(DuckDbColumn column, byte* data, int row)
    {
        switch (column.Type)
        {
            case DuckDbType.Boolean: column.Booleans.Add(data[row] != 0); break;
            case DuckDbType.TinyInt: column.Int64s.Add(((sbyte*)data)[row]); break;
            case DuckDbType.SmallInt: column.Int64s.Add(((short*)data)[row]); break;
            case DuckDbType.Integer or DuckDbType.Date: column.Int64s.Add(((int*)data)[row]); break;
            case DuckDbType.UTinyInt: column.Int64s.Add(data[row]); break;
            case DuckDbType.USmallInt: column.Int64s.Add(((ushort*)data)[row]); break;
            case DuckDbType.UInteger: column.Int64s.Add(((uint*)data)[row]); break;
            case DuckDbType.BigInt or DuckDbType.Time or DuckDbType.Timestamp or DuckDbType.TimestampTz
                or DuckDbType.TimestampSeconds or DuckDbType.TimestampMilliseconds
                or DuckDbType.TimestampNanoseconds:
                column.Int64s.Add(((long*)data)[row]);
                break;
            case DuckDbType.UBigInt: column.Int128s.Add(((ulong*)data)[row]); break;
            case DuckDbType.HugeInt: column.Int128s.Add(ReadHugeInt(data, row)); break;
            case DuckDbType.Decimal: column.Int128s.Add(ReadDecimal(column.DecimalInternalType, data, row)); break;
            case DuckDbType.Float: column.Doubles.Add(((float*)data)[row]); break;
            case DuckDbType.Double: column.Doubles.Add(((double*)data)[row]); break;
            case DuckDbType.Varchar: column.Strings.Add(ReadString((Interop.DuckDb.StringT*)data + row)); break;
            default: break;
        }
    }

    private static Int128 ReadHugeInt(byte* data, int row)
    {
        var value = ((Interop.DuckDb.HugeInt*)data)[row];
        return new Int128((ulong)value.Upper, value.Lower);
    }

    private static Int128 ReadDecimal(DuckDbType internalType, byte* data, int row) => internalType switch
    {
        DuckDbType.SmallInt => ((short*)data)[row],
        DuckDbType.Integer => ((int*)data)[row],
        DuckDbType.BigInt => ((long*)data)[row],
        _ => ReadHugeInt(data, row),
    };

    private static string ReadString(Interop.DuckDb.StringT* value)
    {
        var length = (int)value->Length;
        var bytes = length <= Interop.DuckDb.StringT.InlineLength
            ? &value->InlinedFirstByte
            : (byte*)value->Pointer;
        return Encoding.UTF8.GetString(bytes, length);
    }
}
