namespace Bench.Functions.Jobs;

/// <summary>
/// One directory per attempt under BENCH_TEMP_DIR, <c>bench-job-&lt;job&gt;-&lt;attempt&gt;</c>, holding the
/// downloaded object and a lock file the attempt keeps open (an flock on Linux). A worker that was
/// killed cannot clean up after itself; the next one to start removes every directory whose lock
/// nobody holds.
/// </summary>
internal sealed class JobTempFiles : IDisposable
{
    private const string Prefix = "bench-job-";
    private const string LockName = ".lock";
    private readonly FileStream _lock;

    private JobTempFiles(string directory, FileStream held)
    {
        Directory = directory;
        _lock = held;
    }

    public string Directory { get; }

    /// <summary>Creates the attempt's directory and takes its lock.</summary>
    public static JobTempFiles Create(string root, Guid jobId, Guid attempt)
    {
        var directory = Path.Combine(root, $"{Prefix}{jobId:N}-{attempt:N}");
        System.IO.Directory.CreateDirectory(directory);
        try
        {
            return new JobTempFiles(directory, new FileStream(Path.Combine(directory, LockName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None));
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Removes the directories of attempts whose process is gone; returns how many.</summary>
    public static int RemoveOrphans(string root, ILogger logger)
    {
        var removed = 0;
        foreach (var directory in System.IO.Directory.EnumerateDirectories(root, Prefix + "*"))
        {
            try
            {
                var lockPath = Path.Combine(directory, LockName);
                if (File.Exists(lockPath))
                {
                    // Opening it exclusively succeeds only when no live process holds it.
                    using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                }
                else if (System.IO.Directory.GetCreationTimeUtc(directory) > DateTime.UtcNow.AddHours(-1))
                {
                    continue; // being created right now, lock not taken yet
                }

                System.IO.Directory.Delete(directory, recursive: true);
                removed++;
                logger.LogInformation("Removed {Directory}, left behind by a worker that stopped mid-job", directory);
            }
            catch (IOException)
            {
                // Held by a live attempt (or already gone).
            }
            catch (UnauthorizedAccessException e)
            {
                logger.LogWarning("Cannot remove {Directory}: {Message}", directory, e.Message);
            }
        }

        return removed;
    }

    public void Dispose()
    {
        _lock.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
