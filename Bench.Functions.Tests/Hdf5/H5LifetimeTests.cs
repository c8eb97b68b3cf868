using Bench.Pipeline.Hdf5;

namespace Bench.Functions.Tests.Hdf5;

public sealed class H5LifetimeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DisposingEveryWrapperTwiceIsFine()
    {
        var path = _dir.File("twice.h5");
        var file = H5File.Create(path);
        var group = file.Root.CreateGroup("g");
        var writer = group.CreateTable("t", [H5FieldSpec.U64("EpochTime")]);
        writer.Append(new ulong[] { 1, 2 });
        writer.Dispose();
        writer.Dispose();
        var dataset = group.OpenDataset("t");
        dataset.Dispose();
        dataset.Dispose();
        group.Dispose();
        group.Dispose();
        file.Dispose();
        file.Dispose();

        using var reopened = H5File.OpenRead(path);
        using var again = reopened.Root.OpenDataset("g/t");
        Assert.Equal([1.0, 2.0], again.ReadColumns(["EpochTime"])[0]);
    }

    [Fact]
    public void UsingAnyWrapperAfterDisposeThrowsObjectDisposed()
    {
        var path = _dir.File("after.h5");
        var file = H5File.Create(path);
        var group = file.Root.CreateGroup("g");
        var writer = group.CreateTable("t", [H5FieldSpec.U64("EpochTime")]);
        var dataset = group.OpenDataset("t");
        dataset.Dispose();
        writer.Dispose();
        group.Dispose();
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => file.Root);
        Assert.Throws<ObjectDisposedException>(() => group.ChildNames());
        Assert.Throws<ObjectDisposedException>(() => group.OpenGroup("x"));
        Assert.Throws<ObjectDisposedException>(() => group.ReadInt32Attribute("x"));
        Assert.Throws<ObjectDisposedException>(() => writer.Append(new ulong[] { 1 }));
        Assert.Throws<ObjectDisposedException>(() => dataset.ReadColumns(["EpochTime"]));
        Assert.Throws<ObjectDisposedException>(() => dataset.ReadBlocks(["EpochTime"]));
        Assert.Throws<ObjectDisposedException>(() => dataset.ReadAllRaw());
    }

    [Fact]
    public void ThreadsReadingTheSameFileAllGetTheSameValues()
    {
        var path = _dir.File("threads.h5");
        var values = Enumerable.Range(0, 20_000).Select(i => (ulong)((i * 7) % 1000)).ToArray();
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("E", [H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")]))
        {
            table.Append(Enumerable.Range(0, values.Length).Select(i => (ulong)i).ToArray(), values);
        }

        var expected = values.Sum(v => (double)v);
        var sums = new double[8];
        Parallel.For(0, sums.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            // Each thread opens its own file handle; the global lock keeps libhdf5 single-threaded.
            using var reopened = H5File.OpenRead(path);
            using var dataset = reopened.Root.OpenDataset("E");
            sums[i] = dataset.ReadBlocks(["NodePower"], 333).Sum(b => b.Column(0).ToArray().Sum());
        });

        Assert.All(sums, s => Assert.Equal(expected, s));
    }
}
