using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Hdf5Read;

namespace Bench.Functions.Tests.Hdf5;

/// <summary>The libhdf5 writer that <c>sample</c> and the fixtures use.</summary>
public sealed class H5WriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

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

    [Fact]
    public void AppendRejectsAColumnOfTheWrongType()
    {
        using var file = H5File.Create(_dir.File("wrong.h5"));
        using var table = file.Root.CreateTable("S", [H5FieldSpec.U64("A")]);
        var e = Assert.Throws<ArgumentException>(() => table.Append(new double[] { 1 }));
        Assert.Contains("'A' is UInt64", e.Message);
    }

    [Fact]
    public void DisposingEveryWrapperTwiceIsFineAndUseAfterwardsThrows()
    {
        var path = _dir.File("twice-dispose.h5");
        var file = H5File.Create(path);
        var group = file.Root.CreateGroup("g");
        var writer = group.CreateTable("t", [H5FieldSpec.U64("EpochTime")]);
        writer.Append(new ulong[] { 1, 2 });
        writer.Dispose();
        writer.Dispose();
        group.Dispose();
        group.Dispose();
        file.Dispose();
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => file.Root);
        Assert.Throws<ObjectDisposedException>(() => group.OpenGroup("x"));
        Assert.Throws<ObjectDisposedException>(() => writer.Append(new ulong[] { 1 }));
        using var reopened = H5ReadFile.Open(path);
        Assert.Equal([1.0, 2.0], reopened.Root.OpenDataset("g/t").ReadColumns(["EpochTime"])[0]);
    }
}
