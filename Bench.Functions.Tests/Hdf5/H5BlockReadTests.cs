using Bench.Pipeline.Hdf5;

namespace Bench.Functions.Tests.Hdf5;

public sealed class H5BlockReadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0, 7)]
    [InlineData(1, 7)]
    [InlineData(10, 10)]
    [InlineData(11, 10)]
    [InlineData(1001, 100)]
    [InlineData(1000, 1)]
    [InlineData(25, 1000)]
    public void BlocksCoverEveryRowOnceWhateverTheBoundaries(int rows, int blockRows)
    {
        var path = _dir.File($"blocks-{rows}-{blockRows}.h5");
        var epoch = Enumerable.Range(0, rows).Select(i => (ulong)(1_700_000_000 + (2 * i))).ToArray();
        var power = Enumerable.Range(0, rows).Select(i => (ulong)(100 + (i % 37))).ToArray();
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("Energy", [H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")]))
        {
            // Written in uneven pieces so the chunk-10 boundaries and the read blocks do not line up.
            for (var start = 0; start < rows; start += 13)
            {
                var count = Math.Min(13, rows - start);
                table.Append([new ulong[rows], epoch, power], start, count);
            }
        }

        using var reopened = H5File.OpenRead(path);
        using var dataset = reopened.Root.OpenDataset("Energy");
        Assert.Equal(rows, dataset.Length);
        var seen = new List<double>();
        var firstRows = new List<long>();
        foreach (var block in dataset.ReadBlocks(["NodePower", "EpochTime"], blockRows))
        {
            Assert.InRange(block.Count, 1, blockRows);
            firstRows.Add(block.FirstRow);
            for (var i = 0; i < block.Count; i++)
            {
                Assert.Equal(epoch[block.FirstRow + i], block.Column(1)[i]);
            }

            seen.AddRange(block.Column(0).ToArray());
        }

        Assert.Equal(power.Select(p => (double)p), seen);
        Assert.Equal(Enumerable.Range(0, (rows + blockRows - 1) / blockRows).Select(b => (long)b * blockRows), firstRows);
        Assert.Equal(power.Select(p => (double)p), dataset.ReadColumns(["NodePower"], blockRows)[0]);
    }

    [Fact]
    public void AnEmptyDatasetHasNoBlocksAndEmptyColumns()
    {
        var path = _dir.File("empty.h5");
        using (var file = H5File.Create(path))
        using (file.Root.CreateTable("Energy", [H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")]))
        {
        }

        using var reopened = H5File.OpenRead(path);
        using var dataset = reopened.Root.OpenDataset("Energy");
        Assert.Equal(0, dataset.Length);
        Assert.Empty(dataset.ReadBlocks(["NodePower"]));
        var columns = dataset.ReadColumns(["EpochTime", "NodePower"]);
        Assert.Equal(2, columns.Length);
        Assert.All(columns, Assert.Empty);
        Assert.Equal(0, dataset.ReadAllRaw());
    }

    [Fact]
    public void StoppingEarlyReleasesTheEnumerator()
    {
        var path = _dir.File("early.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("E", [H5FieldSpec.U64("EpochTime")]))
        {
            table.Append(Enumerable.Range(0, 100).Select(i => (ulong)i).ToArray());
        }

        using var reopened = H5File.OpenRead(path);
        using var dataset = reopened.Root.OpenDataset("E");
        var first = dataset.ReadBlocks(["EpochTime"], 30).First();
        Assert.Equal(30, first.Count);
        Assert.Equal(29.0, first.Column(0)[^1]);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (double)i), dataset.ReadColumns(["EpochTime"], 30)[0]);
    }
}
