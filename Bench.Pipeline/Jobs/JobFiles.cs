namespace Bench.Pipeline.Jobs;

/// <summary>
/// A Slurm job as a set of files: every file whose name carries the same job id, or one file that names
/// no job (keyed by its path). The service re-assembles a job by calling <see cref="Group"/> again with
/// every file it holds for that job.
/// </summary>
/// <param name="Key">The Slurm job id, or the file's path when its name names no job.</param>
/// <param name="SlurmJobId">Null for a file that names no job.</param>
/// <param name="Files">Merged files first (their steps win over node-step copies), then by path.</param>
public sealed record JobFiles(string Key, string? SlurmJobId, IReadOnlyList<SlurmJobFile> Files)
{
    public IEnumerable<string> Paths => Files.Select(f => f.Path);

    /// <summary>Groups files by the job id in their names; jobs come in the order their first file was given.</summary>
    public static IReadOnlyList<JobFiles> Group(IEnumerable<string> paths)
    {
        var order = new List<string>();
        var byKey = new Dictionary<string, List<SlurmJobFile>>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var file = SlurmJobFile.Of(path);
            var key = file.SlurmJobId ?? path;
            if (!byKey.TryGetValue(key, out var files))
            {
                byKey[key] = files = [];
                order.Add(key);
            }

            if (!files.Any(f => f.Path == path))
            {
                files.Add(file);
            }
        }

        return order.Select(key => Of(key, byKey[key])).ToArray();
    }

    /// <summary>A job from an explicit list of its files (all naming the same job, or one unnamed file).</summary>
    public static JobFiles Of(string key, IEnumerable<SlurmJobFile> files)
    {
        var sorted = files
            .OrderBy(f => f.Kind == SlurmFileKind.Merged ? 0 : 1)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToArray();
        var ids = sorted.Select(f => f.SlurmJobId).Distinct().ToArray();
        if (sorted.Length == 0 || ids.Length != 1 || (ids[0] is null && sorted.Length != 1))
        {
            throw new ArgumentException($"job '{key}': its files must name one Slurm job, or be a single file that names none (got {string.Join(", ", sorted.Select(f => f.Path))})", nameof(files));
        }

        return new JobFiles(key, ids[0], sorted);
    }
}
