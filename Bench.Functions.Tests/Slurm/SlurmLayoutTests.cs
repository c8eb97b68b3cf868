using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Hdf5Read;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Slurm;

public sealed class SlurmLayoutTests : IDisposable
{
    private static readonly IReadOnlyList<H5FieldSpec> Ipmi = SlurmFields.EnergyFields("NodePower");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void MergedFileListsStepsNodesAndTheJobIdFromItsName()
    {
        var path = _dir.File("job_98765.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        {
            AddNode(b, "batch", "zeta", 0, rows: 3);
            AddNode(b, "0", "zeta", 0, rows: 4);
            AddNode(b, "0", "alpha", 1, rows: 5);
            AddNode(b, "1", "alpha", 0, rows: 6);
        }

        using var reader = SlurmProfileReader.Open(path);
        Assert.Equal(ProfileLayout.Merged, reader.Layout);
        Assert.Equal("98765", reader.SlurmJobId);
        Assert.Equal(["batch", "0", "1"], reader.Steps);
        Assert.Equal(["alpha", "zeta"], reader.Nodes); // both have index 0 somewhere: name decides
        Assert.Equal(3 + 4 + 5 + 6, reader.TotalRows);
        Assert.Empty(reader.Warnings);
        Assert.Equal(path, reader.Path);
    }

    [Fact]
    public void MergedExternAndInteractiveGroupsAreReadAsReadableSteps()
    {
        var path = _dir.File("job_98766.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        {
            AddNode(b, "batch", "cn001", 0, rows: 2);
            AddNode(b, "-1", "cn001", 0, rows: 2); // extern before 20.11
            AddNode(b, "-6", "cn001", 0, rows: 2);
        }

        using var reader = SlurmProfileReader.Open(path);
        Assert.Equal(["extern", "interactive", "batch"], reader.Steps);
        Assert.Equal(["extern", "interactive", "batch"], reader.ReadNode("cn001").Steps.Select(s => s.Step));
    }

    [Fact]
    public void TwoGroupsNamingTheSameStepAreBothKeptAndTheSecondSaysSo()
    {
        var path = _dir.File("job_98767.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        {
            AddNode(b, "-4", "cn001", 0, rows: 2);
            AddNode(b, "-1", "cn001", 0, rows: 3);
        }

        using var reader = SlurmProfileReader.Open(path);
        Assert.Equal(2, reader.Steps.Count);
        Assert.Contains("extern", reader.Steps);
        Assert.Equal(5, reader.ReadNode("cn001").Steps.Sum(s => s.Energy!.Length));
        Assert.Contains(reader.Warnings, w => w.Contains("is step 'extern' too", StringComparison.Ordinal));
    }

    [Fact]
    public void NodesAreOrderedByNodeIndexBeforeName()
    {
        var path = _dir.File("job_1.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        {
            AddNode(b, "0", "zeta", 0, rows: 1);
            AddNode(b, "0", "alpha", 1, rows: 1);
            AddNode(b, "0", "mid", 2, rows: 1);
        }

        using var reader = SlurmProfileReader.Open(path);
        Assert.Equal(["zeta", "alpha", "mid"], reader.Nodes);
    }

    [Fact]
    public void NumberOfNodesSitsOnEveryStepButTheLastAndIsNotRelied()
    {
        var path = _dir.File("job_2.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        {
            AddNode(b, "batch", "cn001", 0, rows: 1);
            AddNode(b, "0", "cn001", 0, rows: 1);
            AddNode(b, "0", "cn002", 1, rows: 1);
            AddNode(b, "0", "cn003", 2, rows: 1);
        }

        using (var file = H5ReadFile.Open(path))
        {
            Assert.Equal(2, file.Root.ReadInt32Attribute("Number of Steps"));
            var batch = file.Root.OpenGroup("Steps/batch");
            var zero = file.Root.OpenGroup("Steps/0");
            Assert.Equal(1, batch.ReadInt32Attribute("Number of Nodes"));
            Assert.False(zero.HasAttribute("Number of Nodes"));
        }

        using var reader = SlurmProfileReader.Open(path);
        Assert.Equal(["cn001", "cn002", "cn003"], reader.Nodes);
        Assert.Equal(["batch", "0"], reader.ReadNode("cn001").Steps.Select(s => s.Step));
        Assert.Equal(["0"], reader.ReadNode("cn003").Steps.Select(s => s.Step));
    }

    [Fact]
    public void ANodeStepFileTakesJobStepAndNodeFromItsName()
    {
        var path = _dir.File("123456_batch_cn007.h5");
        using (var b = SlurmFileBuilder.NodeStep(path))
        using (var node = b.AddNode("cn007", new NodeAttributes(0, "cn007", 1, 4, "Mon Apr 06 04:40:22 2020")))
        {
            node.WriteEnergy(Ipmi, new ulong[] { 0, 1 }, new ulong[] { 100, 101 }, new ulong[] { 200, 210 });
        }

        using var reader = SlurmProfileReader.Open(path);
        Assert.Equal(ProfileLayout.NodeStep, reader.Layout);
        Assert.Equal("123456", reader.SlurmJobId);
        Assert.Equal(["batch"], reader.Steps);
        Assert.Equal(["cn007"], reader.Nodes);
        Assert.Empty(reader.Warnings);
        var step = Assert.Single(reader.ReadNode("cn007").Steps);
        Assert.Equal("batch", step.Step);
        Assert.Equal(new NodeAttributes(0, "cn007", 1, 4, "Mon Apr 06 04:40:22 2020"), step.Attributes);
        Assert.Equal([100L, 101L], step.Energy!.EpochTime);
    }

    [Fact]
    public void ANodeStepFileWithAnUnexpectedNameIsStepZeroWithAWarning()
    {
        var path = _dir.File("profile.h5");
        using (var b = SlurmFileBuilder.NodeStep(path))
        using (var node = b.AddNode("n1", new NodeAttributes(0, "n1", 1, 1, null)))
        {
            node.WriteEnergy(Ipmi, new ulong[] { 0 }, new ulong[] { 5 }, new ulong[] { 300 });
        }

        using var reader = SlurmProfileReader.Open(path);
        Assert.Equal(["0"], reader.Steps);
        Assert.Null(reader.SlurmJobId);
        Assert.Contains(reader.Warnings, w => w.Contains("'profile.h5'", StringComparison.Ordinal) && w.Contains("step assumed to be '0'", StringComparison.Ordinal));
    }

    [Fact]
    public void ATopLevelObjectThatIsNoNodeIsIgnoredWithAWarning()
    {
        var path = _dir.File("7_0_n1.h5");
        using (var b = SlurmFileBuilder.NodeStep(path))
        {
            using (var node = b.AddNode("n1"))
            {
                node.WriteEnergy(Ipmi, new ulong[] { 0 }, new ulong[] { 5 }, new ulong[] { 300 });
            }

            using (b.Root.CreateGroup("Notes"))
            {
            }
        }

        using var reader = SlurmProfileReader.Open(path);
        Assert.Equal(["n1"], reader.Nodes);
        Assert.Equal(["top-level object '/Notes' is not a node group; ignored"], reader.Warnings);
    }

    [Fact]
    public void AValidHdf5FileWithoutSlurmLayoutIsRefusedByName()
    {
        var path = _dir.File("other.h5");
        using (var file = H5File.Create(path))
        using (var g = file.Root.CreateGroup("images"))
        using (g.CreateGroup("raw"))
        {
        }

        var e = Assert.Throws<SlurmProfileFormatException>(() => SlurmProfileReader.Open(path));
        Assert.Equal($"'{path}' is a valid HDF5 file but has no Slurm profile layout: expected /Steps/<step>/Nodes/<node> or /<node>/{{Energy,Tasks,Filesystem,Network}}", e.Message);
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void AStepsGroupWithoutNodesIsRefusedNamingTheFile()
    {
        var path = _dir.File("job_3.h5");
        using (var file = H5File.Create(path))
        using (var steps = file.Root.CreateGroup("Steps"))
        using (steps.CreateGroup("0"))
        {
        }

        var e = Assert.Throws<SlurmProfileFormatException>(() => SlurmProfileReader.Open(path));
        Assert.StartsWith($"'{path}' has a /Steps group but no /Steps/<step>/Nodes/<node> group", e.Message);
    }

    [Fact]
    public void NonHdf5InputFailsAsAFormatErrorBeforeAnyLayoutCheck()
    {
        var path = _dir.File("job_4.h5");
        File.WriteAllText(path, "ElapsedTime,EpochTime,NodePower\n0,1,2\n");
        var e = Assert.Throws<H5FormatException>(() => SlurmProfileReader.Open(path));
        Assert.Equal($"'{path}' is not an HDF5 file", e.Message);
    }

    [Fact]
    public void ADamagedGroupFailsLoudlyNamingFileAndGroup()
    {
        var path = _dir.File("job_7.h5");
        SampleProfileWriter.Write(path, new SampleProfileOptions { Nodes = 1, Hours = 0.01 });

        // Break every group's local heap signature but the root's (the first one written).
        var bytes = File.ReadAllBytes(path);
        var heaps = Enumerable.Range(0, bytes.Length - 4).Where(i => bytes.AsSpan(i, 4).SequenceEqual("HEAP"u8)).ToList();
        Assert.True(heaps.Count > 2);
        foreach (var at in heaps.Skip(1))
        {
            "XXXX"u8.CopyTo(bytes.AsSpan(at));
        }

        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<H5FormatException>(() => SlurmProfileReader.Open(path));
        Assert.StartsWith($"'{path}': '/Steps", e.Message);
        Assert.Contains("failed: ", e.Message);
        Assert.NotNull(e.NativeDetail);
    }

    [Fact]
    public void AskingForAnUnknownNodeNamesFileAndNode()
    {
        var path = _dir.File("job_5.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        {
            AddNode(b, "0", "cn001", 0, rows: 1);
        }

        using var reader = SlurmProfileReader.Open(path);
        var e = Assert.Throws<ArgumentException>(() => reader.ReadNode("cn009"));
        Assert.StartsWith($"'{path}': no node 'cn009' in any step", e.Message);
    }

    [Fact]
    public void TheReaderCanBeDisposedTwiceAndRefusesUseAfterwards()
    {
        var path = _dir.File("job_6.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        {
            AddNode(b, "0", "cn001", 0, rows: 2);
        }

        var reader = SlurmProfileReader.Open(path);
        reader.Dispose();
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.ReadNode("cn001"));
    }

    private static void AddNode(SlurmFileBuilder b, string step, string node, int index, int rows)
    {
        using var writer = b.AddNode(step, node, new NodeAttributes(index, node, 1, 1, "Mon Apr 06 04:40:22 2020"));
        var epoch = Enumerable.Range(0, rows).Select(i => (ulong)(1_600_000_000 + i)).ToArray();
        writer.WriteEnergy(Ipmi, new ulong[rows], epoch, Enumerable.Repeat(300UL, rows).ToArray());
    }
}
