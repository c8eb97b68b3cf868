using System.Diagnostics;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Hdf5Read;

namespace Bench.Functions.Tests.Hdf5;

public sealed class H5FileLockingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AChildProcessStartedWhileAFileIsOpenDoesNotKeepItLockedAfterItIsClosed()
    {
        // libhdf5 opens files without O_CLOEXEC: the child inherits the descriptor. With libhdf5's flock
        // on, the lock would outlive our close and reading the file back would fail.
        var path = _dir.File("written.h5");
        Process child;
        using (var file = H5File.Create(path))
        {
            using var group = file.Root.CreateGroup("g");
            child = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            Assert.Equal("\u0089HDF", System.Text.Encoding.Latin1.GetString(bytes, 0, 4));
            using var reopened = H5ReadFile.Open(path);
            Assert.True(reopened.Root.IsGroup("g"));
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
            child.Dispose();
        }
    }
}
