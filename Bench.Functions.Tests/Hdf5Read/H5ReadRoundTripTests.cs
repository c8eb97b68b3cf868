using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Hdf5Read;

namespace Bench.Functions.Tests.Hdf5Read;

/// <summary>Files written through libhdf5 (as Slurm writes them) and read back through PureHDF.</summary>
public sealed class H5ReadRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AttributesWrittenAsSlurmDoesReadBack()
    {
        var path = _dir.File("attrs.h5");
        using (var file = H5File.Create(path))
        using (var group = file.Root.CreateGroup("cn001"))
        {
            group.WriteInt32Attribute("Node Index", 7);
            group.WriteInt32Attribute("Negative", -3);
            group.WriteStringAttribute("Node Name", "cn001");
            group.WriteStringAttribute("Start Time", "Mon Apr 06 04:40:22 2020");
            file.Root.WriteInt32Attribute("Number of Steps", 2);
        }

        using var reopened = H5ReadFile.Open(path);
        var node = reopened.Root.OpenGroup("cn001");
        Assert.Equal(7, node.ReadInt32Attribute("Node Index"));
        Assert.Equal(-3, node.ReadInt32Attribute("Negative"));
        Assert.Equal("cn001", node.ReadStringAttribute("Node Name"));
        Assert.Equal("Mon Apr 06 04:40:22 2020", node.ReadStringAttribute("Start Time"));
        Assert.True(node.HasAttribute("Node Name"));
        Assert.False(node.HasAttribute("Node name"));
        Assert.Equal(2, reopened.Root.ReadInt32Attribute("Number of Steps"));
    }

    [Fact]
    public void VariableLengthStringAttributeIsReadToo()
    {
        var path = _dir.File("vlen.h5");
        using (var file = H5File.Create(path))
        {
            file.Root.WriteVariableLengthStringAttribute("Start Time", "Tue Apr 07 10:00:00 2020");
        }

        using var reopened = H5ReadFile.Open(path);
        Assert.Equal("Tue Apr 07 10:00:00 2020", reopened.Root.ReadStringAttribute("Start Time"));
    }

    [Fact]
    public void ChildrenAreListedWithTheirKinds()
    {
        var path = _dir.File("tree.h5");
        using (var file = H5File.Create(path))
        {
            using var steps = file.Root.CreateGroup("Steps");
            using var b = steps.CreateGroup("batch");
            using var zero = steps.CreateGroup("0");
            using var ten = steps.CreateGroup("10");
            using var table = zero.CreateTable("Energy", [H5FieldSpec.U64("EpochTime")]);
        }

        using var reopened = H5ReadFile.Open(path);
        var stepsGroup = reopened.Root.OpenGroup("Steps");
        Assert.Equal(["0", "10", "batch"], stepsGroup.ChildNames().Order(StringComparer.Ordinal));
        Assert.Equal("/Steps", stepsGroup.Path);
        Assert.True(reopened.Root.IsGroup("Steps/0"));
        Assert.True(reopened.Root.IsDataset("Steps/0/Energy"));
        Assert.False(reopened.Root.IsGroup("Steps/0/Energy"));
        Assert.Equal(H5ReadKind.Missing, reopened.Root.KindOf("Steps/0/Energy/deeper"));
        Assert.False(reopened.Root.Exists("Steps/1"));
        Assert.False(reopened.Root.Exists("Nope/at/all"));
        var energy = stepsGroup.OpenGroup("0").OpenDataset("Energy");
        Assert.Equal("/Steps/0/Energy", energy.Path);
    }

    [Fact]
    public void CompoundFieldsAreReadByNameAtTheirOffsets()
    {
        var path = _dir.File("compound.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("Energy", [H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower"), H5FieldSpec.F64("Ratio"), H5FieldSpec.I64("Delta")]))
        {
            table.Append(
                new ulong[] { 0, 2, 4 }, new ulong[] { 1_700_000_000, 1_700_000_002, 1_700_000_004 },
                new ulong[] { 300, 301, 18_446_744_073_709_551_615 }, new[] { 0.5, 1.25, -3.0 }, new long[] { -1, 0, long.MinValue });
        }

        using var reopened = H5ReadFile.Open(path);
        var dataset = reopened.Root.OpenDataset("Energy");
        Assert.Equal(3, dataset.Length);
        Assert.Equal(40, dataset.RowSize);
        Assert.Equal(
            [
                new CompoundField("ElapsedTime", 0, 8, FieldKind.Unsigned), new CompoundField("EpochTime", 8, 8, FieldKind.Unsigned),
                new CompoundField("NodePower", 16, 8, FieldKind.Unsigned), new CompoundField("Ratio", 24, 8, FieldKind.Float),
                new CompoundField("Delta", 32, 8, FieldKind.Signed),
            ],
            dataset.Fields);
        var columns = dataset.ReadColumns(["NodePower", "EpochTime", "Ratio", "Delta"]);
        Assert.Equal([300.0, 301.0, 18_446_744_073_709_551_615.0], columns[0]);
        Assert.Equal([1_700_000_000.0, 1_700_000_002.0, 1_700_000_004.0], columns[1]);
        Assert.Equal([0.5, 1.25, -3.0], columns[2]);
        Assert.Equal([-1.0, 0.0, long.MinValue], columns[3]);
        Assert.Equal([1_700_000_002.0, 1_700_000_004.0], dataset.ReadRange("EpochTime", 1, 10));
    }

    [Fact]
    public void FieldsStoredInAnotherOrderAreStillFoundByName()
    {
        var path = _dir.File("order.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("Tasks", [H5FieldSpec.F64("CPUTime"), H5FieldSpec.U64("RSS"), H5FieldSpec.U64("EpochTime")]))
        {
            table.Append(new[] { 1.5, 2.5 }, new ulong[] { 1000, 2000 }, new ulong[] { 10, 20 });
        }

        using var reopened = H5ReadFile.Open(path);
        var dataset = reopened.Root.OpenDataset("Tasks");
        var columns = dataset.ReadColumns(["EpochTime", "RSS", "CPUTime"]);
        Assert.Equal([10.0, 20.0], columns[0]);
        Assert.Equal([1000.0, 2000.0], columns[1]);
        Assert.Equal([1.5, 2.5], columns[2]);
        Assert.True(dataset.HasField("RSS"));
        Assert.False(dataset.HasField("GPUMemMB"));
    }

    [Fact]
    public void AskingForAMissingFieldNamesFileDatasetAndField()
    {
        var path = _dir.File("missing-field.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("Energy", [H5FieldSpec.U64("EpochTime")]))
        {
            table.Append(new ulong[] { 1 });
        }

        using var reopened = H5ReadFile.Open(path);
        var dataset = reopened.Root.OpenDataset("Energy");
        var e = Assert.Throws<H5ObjectNotFoundException>(() => dataset.ReadColumns(["EpochTime", "NodePower"]));
        Assert.Equal($"'{path}': '/Energy': no field 'NodePower' (fields: EpochTime)", e.Message);
    }

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
                table.Append([new ulong[rows], epoch, power], start, Math.Min(13, rows - start));
            }
        }

        using var reopened = H5ReadFile.Open(path);
        var dataset = reopened.Root.OpenDataset("Energy");
        Assert.Equal(rows, dataset.Length);
        var columns = dataset.ReadColumns(["NodePower", "EpochTime"], blockRows);
        Assert.Equal(power.Select(p => (double)p), columns[0]);
        Assert.Equal(epoch.Select(p => (double)p), columns[1]);
        Assert.Equal(rows * 24L, dataset.ReadAllRaw(blockRows));
    }

    [Fact]
    public void AnEmptyDatasetHasEmptyColumns()
    {
        var path = _dir.File("empty.h5");
        using (var file = H5File.Create(path))
        using (file.Root.CreateTable("Energy", [H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")]))
        {
        }

        using var reopened = H5ReadFile.Open(path);
        var dataset = reopened.Root.OpenDataset("Energy");
        Assert.Equal(0, dataset.Length);
        var columns = dataset.ReadColumns(["EpochTime", "NodePower"]);
        Assert.Equal(2, columns.Length);
        Assert.All(columns, Assert.Empty);
        Assert.Empty(dataset.ReadRange("EpochTime", 0, 5));
        Assert.Equal(0, dataset.ReadAllRaw());
    }

    [Fact]
    public void AppendingInSeveralBlocksKeepsRowsInOrder()
    {
        var path = _dir.File("append.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("S", [H5FieldSpec.I64("A"), H5FieldSpec.F64("B")]))
        {
            table.Append(new long[] { -1, -2, -3 }, new[] { 0.1, 0.2, 0.3 });
            table.Append([new long[] { 9, -4, -5, 9 }, new[] { 9.9, 0.4, 0.5, 9.9 }], 1, 2);
            Assert.Equal(5, table.Length);
        }

        using var reopened = H5ReadFile.Open(path);
        var columns = reopened.Root.OpenDataset("S").ReadColumns(["A", "B"]);
        Assert.Equal([-1.0, -2, -3, -4, -5], columns[0]);
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5], columns[1]);
    }

    [Fact]
    public void ThreadsEachWithTheirOwnHandleAllGetTheSameValues()
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
            using var reopened = H5ReadFile.Open(path);
            sums[i] = reopened.Root.OpenDataset("E").ReadColumns(["NodePower"], 333)[0].Sum();
        });

        Assert.All(sums, s => Assert.Equal(expected, s));
    }
}
