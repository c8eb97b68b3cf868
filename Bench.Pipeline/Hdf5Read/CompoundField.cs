using System.Buffers.Binary;

namespace Bench.Pipeline.Hdf5Read;

/// <summary>How a compound field's bytes are to be decoded.</summary>
public enum FieldKind
{
    Signed,
    Unsigned,
    Float,

    /// <summary>Strings, arrays, nested compounds...: listed, never decoded.</summary>
    Other,
}

/// <summary>One field of a compound dataset as the file declares it: name, byte offset in a row, size, kind.</summary>
public sealed record CompoundField(string Name, int Offset, int Size, FieldKind Kind)
{
    /// <summary>Integers of 1, 2, 4, 8 bytes and floats of 4 or 8 bytes can be decoded.</summary>
    public bool IsNumber => Kind switch
    {
        FieldKind.Float => Size is 4 or 8,
        FieldKind.Signed or FieldKind.Unsigned => Size is 1 or 2 or 4 or 8,
        _ => false,
    };

    /// <summary>
    /// The field's value in each of <paramref name="column"/>.Length rows of <paramref name="rowSize"/> bytes:
    /// the same values as <see cref="Decode"/> row by row, with the type decided once per block, not per value.
    /// </summary>
    public void DecodeColumn(ReadOnlySpan<byte> rows, int rowSize, Span<double> column)
    {
        var at = rows[Offset..];
        switch (Kind, Size)
        {
            case (FieldKind.Float, 8):
                for (var r = 0; r < column.Length; r++) column[r] = BinaryPrimitives.ReadDoubleLittleEndian(at[(r * rowSize)..]);
                break;
            case (FieldKind.Float, 4):
                for (var r = 0; r < column.Length; r++) column[r] = BinaryPrimitives.ReadSingleLittleEndian(at[(r * rowSize)..]);
                break;
            case (FieldKind.Unsigned, 8):
                for (var r = 0; r < column.Length; r++) column[r] = BinaryPrimitives.ReadUInt64LittleEndian(at[(r * rowSize)..]);
                break;
            case (FieldKind.Signed, 8):
                for (var r = 0; r < column.Length; r++) column[r] = BinaryPrimitives.ReadInt64LittleEndian(at[(r * rowSize)..]);
                break;
            case (FieldKind.Unsigned, 4):
                for (var r = 0; r < column.Length; r++) column[r] = BinaryPrimitives.ReadUInt32LittleEndian(at[(r * rowSize)..]);
                break;
            default:
                for (var r = 0; r < column.Length; r++) column[r] = Decode(rows.Slice(r * rowSize, rowSize));
                break;
        }
    }

    /// <summary>The field's value in one row (little-endian; big-endian files are refused before this).</summary>
    public double Decode(ReadOnlySpan<byte> row)
    {
        var at = row.Slice(Offset, Size);
        return (Kind, Size) switch
        {
            (FieldKind.Float, 8) => BinaryPrimitives.ReadDoubleLittleEndian(at),
            (FieldKind.Float, 4) => BinaryPrimitives.ReadSingleLittleEndian(at),
            (FieldKind.Unsigned, 8) => BinaryPrimitives.ReadUInt64LittleEndian(at),
            (FieldKind.Signed, 8) => BinaryPrimitives.ReadInt64LittleEndian(at),
            (FieldKind.Unsigned, 4) => BinaryPrimitives.ReadUInt32LittleEndian(at),
            (FieldKind.Signed, 4) => BinaryPrimitives.ReadInt32LittleEndian(at),
            (FieldKind.Unsigned, 2) => BinaryPrimitives.ReadUInt16LittleEndian(at),
            (FieldKind.Signed, 2) => BinaryPrimitives.ReadInt16LittleEndian(at),
            (FieldKind.Unsigned, 1) => at[0],
            (FieldKind.Signed, 1) => (sbyte)at[0],
            _ => double.NaN,
        };
    }
}
