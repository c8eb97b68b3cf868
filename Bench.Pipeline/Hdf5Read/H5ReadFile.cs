using Bench.Pipeline.Hdf5;
using PureHDF;
using PureHDF.VOL.Native;

namespace Bench.Pipeline.Hdf5Read;

/// <summary>
/// An HDF5 file opened for reading through PureHDF (pure .NET: no native library). One instance is not
/// thread-safe; PureHDF is safe with one open file per thread, so parallel readers each open their own.
/// Every failure is an <see cref="H5FormatException"/> naming the file, the object and what failed.
/// </summary>
public sealed class H5ReadFile : IDisposable
{
    /// <summary>
    /// Read-ahead in front of the file. PureHDF reads headers and Slurm's 10-row chunks in small pieces; without
    /// a buffer each is one system call.
    /// </summary>
    private const int StreamBufferBytes = 64 * 1024;

    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    private readonly NativeFile _file;
    private bool _disposed;

    private H5ReadFile(string path, NativeFile file, long length)
    {
        Path = path;
        _file = file;
        Length = length;
        Root = new H5ReadGroup(this, file, "/");
    }

    /// <summary>The path the file was opened with; every error message names it.</summary>
    public string Path { get; }

    /// <summary>Size of the file in bytes, the yardstick for "absurd" sizes a damaged header declares.</summary>
    public long Length { get; }

    /// <summary>The root group <c>/</c>.</summary>
    public H5ReadGroup Root { get; }

    /// <summary>How datasets are read: no chunk cache (each series is read once, front to back).</summary>
    internal static H5DatasetAccess Access { get; } = new(null!, null!, NoChunkCache.Instance);

    /// <summary>Opens an existing file read-only through a buffered <see cref="FileStream"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="H5FormatException">Not an HDF5 file, or a damaged or truncated one.</exception>
    public static H5ReadFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}': file not found", path);
        }

        // Not the memory-mapped driver: a damaged file crashed the process through it.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.RandomAccess);
        try
        {
            if (!HasHdf5Signature(stream))
            {
                throw new H5FormatException($"'{path}' is not an HDF5 file", path, null, "opening file", null);
            }

            stream.Position = 0;
            var length = stream.Length;
            // A BufferedStream, not the FileStream: PureHDF reads a FileStream through its handle (one pread per
            // small read, ~15 per 10-row chunk, bypassing the stream's buffer); a plain Stream it seeks and reads.
            var buffered = new BufferedStream(stream, StreamBufferBytes);
            var file = H5ReadErrors.Guard(path, null, "opening file (superblock)", () => PureHDF.H5File.Open(buffered, leaveOpen: false, new H5ReadOptions()));
            return new H5ReadFile(path, file, length);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _file.Dispose();
        }
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>
    /// The superblock signature sits at offset 0, 512, 1024, 2048, ... (a user block may precede it).
    /// Checking it ourselves separates "not HDF5" from "damaged HDF5" in the error message.
    /// </summary>
    private static bool HasHdf5Signature(FileStream stream)
    {
        Span<byte> buffer = stackalloc byte[8];
        for (long offset = 0; offset + 8 <= stream.Length; offset = offset == 0 ? 512 : offset * 2)
        {
            stream.Position = offset;
            stream.ReadExactly(buffer);
            if (buffer.SequenceEqual(Signature))
            {
                return true;
            }
        }

        return false;
    }
}
