using System.Buffers.Binary;
using Bench.Pipeline.Hdf5Read;

namespace Bench.Functions.Tests.Hdf5Read;

/// <summary>A block of compound rows decoded a column at a time gives each field's stored value.</summary>
public sealed class CompoundFieldTests
{
    // One 40-byte row: every integer and float size the reader decodes, at its own offset, little-endian.
    private static readonly CompoundField[] Fields =
    [
        new("f8", 0, 8, FieldKind.Float),
        new("f4", 8, 4, FieldKind.Float),
        new("u8", 12, 8, FieldKind.Unsigned),
        new("i8", 20, 8, FieldKind.Signed),
        new("u4", 28, 4, FieldKind.Unsigned),
        new("i4", 32, 4, FieldKind.Signed),
        new("u2", 36, 2, FieldKind.Unsigned),
        new("i1", 38, 1, FieldKind.Signed),
        new("u1", 39, 1, FieldKind.Unsigned),
    ];

    [Fact]
    public void EveryKindAndSizeDecodesToItsValueInEveryRow()
    {
        const int rowSize = 40;
        var block = new byte[3 * rowSize];
        for (var r = 0; r < 3; r++)
        {
            var row = block.AsSpan(r * rowSize, rowSize);
            BinaryPrimitives.WriteDoubleLittleEndian(row[0..], 1.5 + r);
            BinaryPrimitives.WriteSingleLittleEndian(row[8..], -0.25f * (r + 1));
            BinaryPrimitives.WriteUInt64LittleEndian(row[12..], 4_294_967_294UL + (ulong)r);
            BinaryPrimitives.WriteInt64LittleEndian(row[20..], -1_700_000_000_000L - r);
            BinaryPrimitives.WriteUInt32LittleEndian(row[28..], 4_000_000_000U + (uint)r);
            BinaryPrimitives.WriteInt32LittleEndian(row[32..], -7 - r);
            BinaryPrimitives.WriteUInt16LittleEndian(row[36..], (ushort)(65_000 + r));
            row[38] = unchecked((byte)(sbyte)(-2 - r));
            row[39] = (byte)(250 + r);
        }

        double[][] expected =
        [
            [1.5, 2.5, 3.5],
            [-0.25, -0.5, -0.75],
            [4_294_967_294, 4_294_967_295, 4_294_967_296],
            [-1_700_000_000_000, -1_700_000_000_001, -1_700_000_000_002],
            [4_000_000_000, 4_000_000_001, 4_000_000_002],
            [-7, -8, -9],
            [65_000, 65_001, 65_002],
            [-2, -3, -4],
            [250, 251, 252],
        ];
        for (var f = 0; f < Fields.Length; f++)
        {
            var column = new double[3];
            Fields[f].DecodeColumn(block, rowSize, column);
            Assert.Equal(expected[f], column);
            Assert.Equal(expected[f], Enumerable.Range(0, 3).Select(r => Fields[f].Decode(block.AsSpan(r * rowSize, rowSize))));
        }
    }
}
