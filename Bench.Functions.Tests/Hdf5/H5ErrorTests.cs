using Bench.Pipeline.Hdf5;

namespace Bench.Functions.Tests.Hdf5;

public sealed class H5ErrorTests : IDisposable
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

        var e = Assert.Throws<H5FormatException>(() => H5File.OpenRead(path));
        Assert.Equal($"'{path}' is not an HDF5 file", e.Message);
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void AnEmptyFileIsNotAnHdf5File()
    {
        var path = _dir.File("empty.h5");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<H5FormatException>(() => H5File.OpenRead(path));
        Assert.Equal($"'{path}' is not an HDF5 file", e.Message);
    }

    [Fact]
    public void AFileCutInHalfIsReportedAsTruncatedNamingTheFile()
    {
        var path = _dir.File("truncated.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("Energy", [H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")]))
        {
            table.Append(Enumerable.Range(0, 5000).Select(i => (ulong)i).ToArray(), new ulong[5000]);
        }

        var full = File.ReadAllBytes(path);
        File.WriteAllBytes(path, full[..(full.Length / 2)]);

        var e = Assert.Throws<H5FormatException>(() => H5File.OpenRead(path));
        Assert.StartsWith($"'{path}' is a damaged or truncated HDF5 file (opening file: ", e.Message);
        Assert.Contains("truncated", e.NativeDetail);
    }

    [Fact]
    public void AMissingFileIsFileNotFound()
    {
        var path = _dir.File("nope.h5");
        var e = Assert.Throws<FileNotFoundException>(() => H5File.OpenRead(path));
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

        using var reopened = H5File.OpenRead(path);
        using var stepsGroup = reopened.Root.OpenGroup("Steps");
        var e = Assert.Throws<H5ObjectNotFoundException>(() => stepsGroup.OpenGroup("0/Nodes"));
        Assert.Equal($"'{path}': no object '/Steps/0/Nodes' (opening group)", e.Message);
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

        using var reopened = H5File.OpenRead(path);
        var e = Assert.Throws<H5ObjectNotFoundException>(() => reopened.Root.OpenDataset("Energy"));
        Assert.Equal($"'{path}': '/Energy' is a group, not a dataset (opening dataset)", e.Message);
    }

    [Fact]
    public void AMissingAttributeNamesFileGroupAndAttribute()
    {
        var path = _dir.File("attr.h5");
        using (var file = H5File.Create(path))
        using (file.Root.CreateGroup("cn001"))
        {
        }

        using var reopened = H5File.OpenRead(path);
        using var node = reopened.Root.OpenGroup("cn001");
        var e = Assert.Throws<H5ObjectNotFoundException>(() => node.ReadInt32Attribute("Node Index"));
        Assert.Equal($"'{path}': no attribute 'Node Index' on '/cn001' (reading attribute)", e.Message);
    }

    [Fact]
    public void ReadingAStringAttributeAsIntegerFailsWithLibhdf5sReason()
    {
        var path = _dir.File("conv.h5");
        using (var file = H5File.Create(path))
        {
            file.Root.WriteStringAttribute("Node Index", "zero");
        }

        using var reopened = H5File.OpenRead(path);
        var e = Assert.Throws<H5Exception>(() => reopened.Root.ReadInt32Attribute("Node Index"));
        Assert.StartsWith($"'{path}': '/': reading attribute 'Node Index' as int32 failed: ", e.Message);
        Assert.NotNull(e.NativeDetail);
    }

    [Fact]
    public void CreatingAGroupTwiceReportsTheObject()
    {
        var path = _dir.File("twice.h5");
        using var file = H5File.Create(path);
        using (file.Root.CreateGroup("Steps"))
        {
        }

        var e = Assert.Throws<H5Exception>(() => file.Root.CreateGroup("Steps"));
        Assert.StartsWith($"'{path}': '/Steps': creating group failed", e.Message);
    }
}
