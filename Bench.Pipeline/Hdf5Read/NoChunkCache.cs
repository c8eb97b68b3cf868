using PureHDF.VOL.Native;

namespace Bench.Pipeline.Hdf5Read;

/// <summary>
/// A chunk cache that caches nothing: every series is read once, front to back, in blocks far larger than
/// Slurm's 10-row chunks, so a cache only costs memory and bookkeeping.
/// </summary>
internal sealed class NoChunkCache : IReadingChunkCache
{
    public static NoChunkCache Instance { get; } = new();

    public Memory<byte> GetChunk(ulong index, Func<Memory<byte>> chunkReader) => chunkReader();
}
