using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Hdf5Read;

namespace Bench.Functions.Tests.Hdf5Read;

/// <summary>PureHDF hands out raw bytes without their byte order: a big-endian series must be refused, not misread.</summary>
public sealed class ByteOrderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ABigEndianFieldIsRefusedNamingTheFieldAndTheFix()
    {
        var path = _dir.File("be.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("Energy", [H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")]))
        {
            table.Append(new ulong[] { 1_700_000_000 }, new ulong[] { 300 });
        }

        using (var little = H5ReadFile.Open(path))
        {
            Assert.Equal([300.0], little.Root.OpenDataset("Energy").ReadColumns(["NodePower"])[0]);
        }

        // A compound member's datatype message: class 0 (fixed point), version 1, bit field 0x00 0x00 0x00,
        // size 8, bit offset 0, precision 64. Bit 0 of the first bit-field byte is the byte order: 1 = big-endian.
        byte[] u64Le = [0x10, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00];
        var bytes = File.ReadAllBytes(path);
        var patched = 0;
        for (var i = bytes.AsSpan().IndexOf(u64Le); i >= 0; i = bytes.AsSpan().IndexOf(u64Le))
        {
            bytes[i + 1] = 0x01;
            patched++;
        }

        Assert.Equal(2, patched);
        File.WriteAllBytes(path, bytes);

        using var big = H5ReadFile.Open(path);
        var e = Assert.Throws<H5FormatException>(() => big.Root.OpenDataset("Energy"));
        Assert.Equal(
            $"'{path}': '/Energy': reading compound type failed: field 'EpochTime' is stored big-endian; this reader decodes little-endian files only (convert with h5repack or h5py)",
            e.Message);
    }
}
