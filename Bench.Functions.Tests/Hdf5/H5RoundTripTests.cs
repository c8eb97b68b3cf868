using Bench.Pipeline.Hdf5;

namespace Bench.Functions.Tests.Hdf5;

public sealed class H5RoundTripTests : IDisposable
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
            group.WriteStringAttribute("Node Name", "cn001");
            group.WriteStringAttribute("Start Time", "Mon Apr 06 04:40:22 2020");
            file.Root.WriteInt32Attribute("Number of Steps", 2);
        }

        using var reopened = H5File.OpenRead(path);
        using var node = reopened.Root.OpenGroup("cn001");
        Assert.Equal(7, node.ReadInt32Attribute("Node Index"));
        Assert.Equal("cn001", node.ReadStringAttribute("Node Name"));
        Assert.Equal("Mon Apr 06 04:40:22 2020", node.ReadStringAttribute("Start Time"));
        Assert.Equal(["Node Index", "Node Name", "Start Time"], node.AttributeNames());
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

        using var reopened = H5File.OpenRead(path);
        Assert.Equal("Tue Apr 07 10:00:00 2020", reopened.Root.ReadStringAttribute("Start Time"));
    }

    [Fact]
    public void ChildrenAreListedInNameOrderWithTheirKinds()
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

        using var reopened = H5File.OpenRead(path);
        using var stepsGroup = reopened.Root.OpenGroup("Steps");
        Assert.Equal(["0", "10", "batch"], stepsGroup.ChildNames());
        Assert.Equal("/Steps", stepsGroup.Name);
        Assert.True(reopened.Root.IsGroup("Steps/0"));
        Assert.True(reopened.Root.IsDataset("Steps/0/Energy"));
        Assert.False(reopened.Root.IsGroup("Steps/0/Energy"));
        Assert.Equal(H5ObjectKind.Missing, reopened.Root.KindOf("Steps/0/Energy/deeper"));
        Assert.False(reopened.Root.Exists("Steps/1"));
        Assert.False(reopened.Root.Exists("Nope/at/all"));
        using var zeroGroup = stepsGroup.OpenGroup("0");
        using var energy = zeroGroup.OpenDataset("Energy");
        Assert.Equal("/Steps/0/Energy", energy.Name);
    }

    [Fact]
    public void CompoundFieldsAreReadByNameWithUInt64ConvertedToDouble()
    {
        var path = _dir.File("compound.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("Energy", [H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower"), H5FieldSpec.F64("Ratio")]))
        {
            table.Append(new ulong[] { 0, 2, 4 }, new ulong[] { 1_700_000_000, 1_700_000_002, 1_700_000_004 }, new ulong[] { 300, 301, 18_446_744_073_709_551_615 }, new[] { 0.5, 1.25, -3.0 });
        }

        using var reopened = H5File.OpenRead(path);
        using var dataset = reopened.Root.OpenDataset("Energy");
        Assert.Equal(3, dataset.Length);
        Assert.Equal(
            [new H5FieldInfo("ElapsedTime", H5TypeClass.Integer, 8), new H5FieldInfo("EpochTime", H5TypeClass.Integer, 8), new H5FieldInfo("NodePower", H5TypeClass.Integer, 8), new H5FieldInfo("Ratio", H5TypeClass.Float, 8)],
            dataset.Fields);
        var columns = dataset.ReadColumns(["NodePower", "EpochTime", "Ratio"]);
        Assert.Equal([300.0, 301.0, 18_446_744_073_709_551_615.0], columns[0]);
        Assert.Equal([1_700_000_000.0, 1_700_000_002.0, 1_700_000_004.0], columns[1]);
        Assert.Equal([0.5, 1.25, -3.0], columns[2]);
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

        using var reopened = H5File.OpenRead(path);
        using var dataset = reopened.Root.OpenDataset("Tasks");
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

        using var reopened = H5File.OpenRead(path);
        using var dataset = reopened.Root.OpenDataset("Energy");
        var e = Assert.Throws<H5ObjectNotFoundException>(() => dataset.ReadColumns(["EpochTime", "NodePower"]));
        Assert.Contains($"'{path}'", e.Message);
        Assert.Contains("'/Energy'", e.Message);
        Assert.Contains("'NodePower'", e.Message);
    }

    [Fact]
    public void ReadAllRawReadsEveryRowOfTheNativeType()
    {
        var path = _dir.File("raw.h5");
        using (var file = H5File.Create(path))
        using (var table = file.Root.CreateTable("Energy", [H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.F64("Power")]))
        {
            var n = 1234;
            table.Append(new ulong[n], new ulong[n], new double[n]);
        }

        using var reopened = H5File.OpenRead(path);
        using var dataset = reopened.Root.OpenDataset("Energy");
        Assert.Equal(1234L * 24, dataset.ReadAllRaw(blockRows: 100));
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

        using var reopened = H5File.OpenRead(path);
        using var dataset = reopened.Root.OpenDataset("S");
        var columns = dataset.ReadColumns(["A", "B"]);
        Assert.Equal([-1.0, -2, -3, -4, -5], columns[0]);
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5], columns[1]);
    }

    [Fact]
    public void AppendRejectsAColumnOfTheWrongType()
    {
        using var file = H5File.Create(_dir.File("wrong.h5"));
        using var table = file.Root.CreateTable("S", [H5FieldSpec.U64("A")]);
        var e = Assert.Throws<ArgumentException>(() => table.Append(new double[] { 1 }));
        Assert.Contains("'A' is UInt64", e.Message);
    }
}
