namespace Bench.Functions.Report;

/// <summary>Where <c>analyze --report PATH</c> writes: PATH for one job; with several, <c>&lt;stem&gt;-&lt;job&gt;&lt;ext&gt;</c> beside it.</summary>
internal static class ReportPaths
{
    /// <param name="path">The --report argument, e.g. report.html.</param>
    /// <param name="jobId">The Slurm job id, or the file's name for a file that names none.</param>
    /// <param name="severalJobs">True when the run holds more than one job.</param>
    public static string For(string path, string jobId, bool severalJobs)
    {
        if (!severalJobs)
        {
            return path;
        }

        var safe = string.Concat(jobId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        var dir = Path.GetDirectoryName(path);
        var name = $"{Path.GetFileNameWithoutExtension(path)}-{safe}{Path.GetExtension(path)}";
        return string.IsNullOrEmpty(dir) ? name : Path.Combine(dir, name);
    }
}
