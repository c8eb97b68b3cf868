using System.Globalization;

namespace Bench.Pipeline.Slurm;

/// <summary>What Slurm's file names say: <c>job_&lt;jobid&gt;.h5</c> (sh5util) and <c>&lt;jobid&gt;_&lt;step&gt;_&lt;node&gt;.h5</c> (plugin).</summary>
public static class SlurmFileNames
{
    /// <summary>Job id of a merged file: <c>job_123</c>, <c>123</c>, or the digits before the first <c>_</c>.</summary>
    public static long? MergedJobId(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        if (stem.StartsWith("job_", StringComparison.OrdinalIgnoreCase))
        {
            var rest = stem[4..];
            var end = rest.IndexOf('_');
            return ParseId(end < 0 ? rest : rest[..end]);
        }

        return ParseId(stem) ?? NodeStepJobId(path);
    }

    /// <summary>Job id of a node-step file: the part of the stem before the first <c>_</c>, when numeric.</summary>
    public static long? NodeStepJobId(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        var end = stem.IndexOf('_');
        return end <= 0 ? null : ParseId(stem[..end]);
    }

    /// <summary>
    /// Step of a node-step file (<c>&lt;jobid&gt;_&lt;step&gt;_&lt;node&gt;</c>), readable (see <see cref="StepNames.Normalize"/>):
    /// a number, <c>batch</c>, <c>extern</c> (4294967292 or 4294967295) or <c>interactive</c>; null when the name does not say.
    /// </summary>
    public static string? NodeStepStep(string path)
    {
        var parts = Path.GetFileNameWithoutExtension(path).Split('_', 3);
        return parts.Length < 3 ? null : StepNames.Normalize(parts[1]);
    }

    /// <summary>Node name of a node-step file: everything after the second <c>_</c>.</summary>
    public static string? NodeStepNode(string path)
    {
        var parts = Path.GetFileNameWithoutExtension(path).Split('_', 3);
        return parts.Length == 3 && parts[2].Length > 0 ? parts[2] : null;
    }

    /// <summary>The file name the plugin gives a node-step file (extern spelled 4294967292, as Slurm &gt;= 20.11 does).</summary>
    public static string NodeStepFileName(long jobId, string step, string node) =>
        string.Create(CultureInfo.InvariantCulture, $"{jobId}_{StepNames.FileNameToken(step)}_{node}.h5");

    private static long? ParseId(string text) =>
        text.Length > 0 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
