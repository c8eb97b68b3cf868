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
    /// Step of a node-step file (<c>&lt;jobid&gt;_&lt;step&gt;_&lt;node&gt;</c>): a number, <c>batch</c>, or the extern step
    /// (<c>extern</c> or <c>-4</c>, reported as <see cref="StepNames.Extern"/>); null when the name does not say.
    /// </summary>
    public static string? NodeStepStep(string path)
    {
        var parts = Path.GetFileNameWithoutExtension(path).Split('_', 3);
        if (parts.Length < 3)
        {
            return null;
        }

        var step = parts[1];
        if (step.Equals(StepNames.Batch, StringComparison.OrdinalIgnoreCase))
        {
            return StepNames.Batch;
        }

        if (step.Equals("extern", StringComparison.OrdinalIgnoreCase) || step == StepNames.Extern)
        {
            return StepNames.Extern;
        }

        return uint.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Node name of a node-step file: everything after the second <c>_</c>.</summary>
    public static string? NodeStepNode(string path)
    {
        var parts = Path.GetFileNameWithoutExtension(path).Split('_', 3);
        return parts.Length == 3 && parts[2].Length > 0 ? parts[2] : null;
    }

    /// <summary>The file name the plugin gives a node-step file.</summary>
    public static string NodeStepFileName(long jobId, string step, string node) =>
        string.Create(CultureInfo.InvariantCulture, $"{jobId}_{step}_{node}.h5");

    private static long? ParseId(string text) =>
        text.Length > 0 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
