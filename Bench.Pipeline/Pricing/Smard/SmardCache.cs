namespace Bench.Pipeline.Pricing.Smard;

/// <summary>
/// Files of SMARD responses under one directory. Reads never throw (a bad file is a miss); writes go to a temp
/// file renamed into place, so a reader never sees half a file, even across processes.
/// </summary>
internal sealed class SmardCache(string? directory)
{
    /// <summary>Returns the bytes and age of a cached file, or null when absent or unreadable (or no cache).</summary>
    public (byte[] Bytes, TimeSpan Age)? TryRead(string name)
    {
        if (directory is null)
        {
            return null;
        }

        var path = Path.Combine(directory, name);
        try
        {
            var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(path);
            var bytes = File.ReadAllBytes(path);
            return (bytes, age < TimeSpan.Zero ? TimeSpan.Zero : age);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stores bytes; returns an error message instead of throwing when the cache cannot be written.</summary>
    public string? TryWrite(string name, byte[] bytes)
    {
        if (directory is null)
        {
            return null;
        }

        var path = Path.Combine(directory, name);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            return $"could not write the SMARD cache file {path}: {ex.Message}";
        }
    }

    /// <summary>Removes a cached file found to be corrupt, so the next run fetches it again.</summary>
    public void Forget(string name)
    {
        if (directory is not null)
        {
            TryDelete(Path.Combine(directory, name));
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover file is re-validated on the next read.
        }
    }
}
