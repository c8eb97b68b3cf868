using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Hdf5Read;

namespace Bench.Functions.Tests.Hdf5Read;

public sealed class H5ReadErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RandomBytesAreReportedAsNotAnHdf5File()
    {
        var path = _dir.File("random.h5");
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<H5FormatException>(() => H5ReadFile.Open(path));
        Assert.Equal($"'{path}' is not an HDF5 file", e.Message);
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void AnEmptyFileIsNotAnHdf5File()
    {
        var path = _dir.File("empty.h5");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<H5FormatException>(() => H5ReadFile.Open(path));
        Assert.Equal($"'{path}' is not an HDF5 file", e.Message);
    }

    [Fact]
    public void AFileCutShortFailsAsAFormatErrorNamingTheFileAndObject()
    {
        var path = _dir.File("truncated.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("Energy", [H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")]))
        {
            table.Append(Enumerable.Range(0, 5000).Select(i => (ulong)i).ToArray(), new ulong[5000]);
        }

        var full = File.ReadAllBytes(path);
        File.WriteAllBytes(path, full[..(full.Length / 2)]);

        // The superblock and root are at the front; the loss shows when the rows are read.
        var e = Assert.Throws<H5FormatException>(() =>
        {
            using var file = H5ReadFile.Open(path);
            file.Root.OpenDataset("Energy").ReadColumns(["NodePower"]);
        });
        Assert.StartsWith($"'{path}': ", e.Message);
        Assert.Equal(path, e.FilePath);
        Assert.NotNull(e.NativeDetail);
    }

    [Fact]
    public void ADataspaceDeclaringMoreRowsThanTheFileCanHoldIsRefusedBeforeAllocating()
    {
        var path = _dir.File("huge.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("Energy", [H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")]))
        {
            table.Append(Enumerable.Range(0, 5000).Select(i => (ulong)i).ToArray(), new ulong[5000]);
        }

        // The dataspace message stores the current size (5000) then the maximum (unlimited): make it 2^40 rows.
        byte[] dims = [0x88, 0x13, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        var bytes = File.ReadAllBytes(path);
        var at = bytes.AsSpan().IndexOf(dims);
        Assert.True(at > 0);
        BitConverter.GetBytes(1UL << 40).CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);

        using var reopened = H5ReadFile.Open(path);
        var dataset = reopened.Root.OpenDataset("Energy");
        Assert.Equal(1L << 40, dataset.Length);
        var e = Assert.Throws<H5FormatException>(() => dataset.ReadColumns(["NodePower"]));
        Assert.Equal(
            $"'{path}': '/Energy': reading columns failed: the dataset declares {1L << 40} rows of 16 bytes, more than a {bytes.Length}-byte file can hold (damaged dataspace?)",
            e.Message);
    }

    [Fact]
    public void AMissingFileIsFileNotFound()
    {
        var path = _dir.File("nope.h5");
        var e = Assert.Throws<FileNotFoundException>(() => H5ReadFile.Open(path));
        Assert.Equal($"'{path}': file not found", e.Message);
    }

    [Fact]
    public void AMissingGroupNamesTheFileAndTheFullObjectPath()
    {
        var path = _dir.File("steps.h5");
        using (var file = H5File.Create(path))
        using (var steps = file.Root.CreateGroup("Steps"))
        using (steps.CreateGroup("0"))
        {
        }

        using var reopened = H5ReadFile.Open(path);
        var stepsGroup = reopened.Root.OpenGroup("Steps");
        var e = Assert.Throws<H5ObjectNotFoundException>(() => stepsGroup.OpenGroup("0/Nodes"));
        Assert.Equal($"'{path}': '/Steps/0/Nodes': opening group failed: no such object", e.Message);
        Assert.Equal("/Steps/0/Nodes", e.ObjectPath);
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void OpeningAGroupAsADatasetSaysWhatItIs()
    {
        var path = _dir.File("kinds.h5");
        using (var file = H5File.Create(path))
        using (file.Root.CreateGroup("Energy"))
        {
        }

        using var reopened = H5ReadFile.Open(path);
        var e = Assert.Throws<H5ObjectNotFoundException>(() => reopened.Root.OpenDataset("Energy"));
        Assert.Equal($"'{path}': '/Energy': opening dataset failed: it is a group, not a dataset", e.Message);
    }

    [Fact]
    public void AMissingAttributeNamesFileGroupAndAttribute()
    {
        var path = _dir.File("attr.h5");
        using (var file = H5File.Create(path))
        using (file.Root.CreateGroup("cn001"))
        {
        }

        using var reopened = H5ReadFile.Open(path);
        var e = Assert.Throws<H5ObjectNotFoundException>(() => reopened.Root.OpenGroup("cn001").ReadInt32Attribute("Node Index"));
        Assert.Equal($"'{path}': '/cn001': no attribute 'Node Index'", e.Message);
    }

    [Fact]
    public void ReadingAStringAttributeAsIntegerSaysWhatItIs()
    {
        var path = _dir.File("conv.h5");
        using (var file = H5File.Create(path))
        {
            file.Root.WriteStringAttribute("Node Index", "zero");
        }

        using var reopened = H5ReadFile.Open(path);
        // Slurm (and the writer) store strings at strlen, without the NUL: "zero" is 4 bytes.
        var e = Assert.Throws<H5FormatException>(() => reopened.Root.ReadInt32Attribute("Node Index"));
        Assert.Equal($"'{path}': '/': reading attribute 'Node Index' failed: the attribute is String of 4 bytes, not an integer", e.Message);
    }

    [Fact]
    public void ANegativeFirstRowIsAnArgumentError()
    {
        var path = _dir.File("nested.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("Energy", [H5FieldSpec.U64("EpochTime")]))
        {
            table.Append(new ulong[] { 1 });
        }

        using var reopened = H5ReadFile.Open(path);
        var dataset = reopened.Root.OpenDataset("Energy");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => dataset.ReadRange("EpochTime", -1, 1));
        Assert.Equal("firstRow", e.ParamName);
    }

    [Fact]
    public void UsingAFileAfterDisposeThrowsObjectDisposed()
    {
        var path = _dir.File("after.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("E", [H5FieldSpec.U64("EpochTime")]))
        {
            table.Append(new ulong[] { 1, 2 });
        }

        var reopened = H5ReadFile.Open(path);
        var dataset = reopened.Root.OpenDataset("E");
        reopened.Dispose();
        reopened.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reopened.Root.ChildNames());
        Assert.Throws<ObjectDisposedException>(() => reopened.Root.IsGroup("E"));
        Assert.Throws<ObjectDisposedException>(() => reopened.Root.HasAttribute("x"));
        Assert.Throws<ObjectDisposedException>(() => dataset.ReadColumns(["EpochTime"]));
        Assert.Throws<ObjectDisposedException>(() => dataset.ReadAllRaw());
    }
}
