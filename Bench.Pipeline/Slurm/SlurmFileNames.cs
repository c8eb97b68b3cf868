using System.Globalization;
using System.Text.RegularExpressions;

namespace Bench.Pipeline.Slurm;

/// <summary>
/// What Slurm's file names say: <c>job_&lt;jobid&gt;.h5</c> (sh5util) and <c>&lt;jobid&gt;_&lt;step&gt;_&lt;node&gt;.h5</c> (plugin).
/// Names are matched at their END, so prefixes added by sanitising (<c>user_9646276_batch_c0107.h5</c>) do not matter.
/// </summary>
public static partial class SlurmFileNames
{
    /// <summary>A node-step file name taken apart: job id, step (as <see cref="StepNames"/> spells it) and node.</summary>
    public sealed record NodeStepName(long JobId, string Step, string Node);

    /// <summary>
    /// <c>&lt;jobid&gt;_&lt;step&gt;_&lt;node&gt;.h5</c> at the end of the name; the node is anything without <c>/</c>.
    /// A node without <c>_</c> is tried first so a sanitised prefix (<c>cane12345_67890_0_cn1.h5</c>) is not
    /// read as the job id; a node with <c>_</c> (<c>4242_12_node_with_underscore.h5</c>) still matches.
    /// </summary>
    public static NodeStepName? ParseNodeStep(string path)
    {
        var name = path.Replace('\\', '/');
        var match = NodeStepPlainNode().Match(name);
        if (!match.Success)
        {
            match = NodeStepAnyNode().Match(name);
        }

        if (!match.Success || ParseId(match.Groups["job"].Value) is not { } job)
        {
            return null;
        }

        var step = StepNames.Normalize(match.Groups["step"].Value);
        return step is null ? null : new NodeStepName(job, step, match.Groups["node"].Value);
    }

    /// <summary>The job id of a merged file named <c>job_&lt;jobid&gt;.h5</c> at the end of its name (sh5util's default).</summary>
    public static long? ParseMergedJobId(string path)
    {
        var match = MergedName().Match(path.Replace('\\', '/'));
        return match.Success ? ParseId(match.Groups["job"].Value) : null;
    }

    /// <summary>Job id of a merged file: <c>job_123</c> at the end, <c>job_123</c>, <c>123</c>, or the digits before the first <c>_</c>.</summary>
    public static long? MergedJobId(string path)
    {
        if (ParseMergedJobId(path) is { } id)
        {
            return id;
        }

        var stem = Path.GetFileNameWithoutExtension(path);
        if (stem.StartsWith("job_", StringComparison.OrdinalIgnoreCase))
        {
            var rest = stem[4..];
            var end = rest.IndexOf('_');
            return ParseId(end < 0 ? rest : rest[..end]);
        }

        return ParseId(stem) ?? NodeStepJobId(path);
    }

    /// <summary>Job id of a node-step file: matched at the end, else the part of the stem before the first <c>_</c>, when numeric.</summary>
    public static long? NodeStepJobId(string path)
    {
        if (ParseNodeStep(path) is { } parsed)
        {
            return parsed.JobId;
        }

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
        if (ParseNodeStep(path) is { } parsed)
        {
            return parsed.Step;
        }

        var parts = Path.GetFileNameWithoutExtension(path).Split('_', 3);
        return parts.Length < 3 ? null : StepNames.Normalize(parts[1]);
    }

    /// <summary>Node name of a node-step file: matched at the end, else everything after the second <c>_</c>.</summary>
    public static string? NodeStepNode(string path)
    {
        if (ParseNodeStep(path) is { } parsed)
        {
            return parsed.Node;
        }

        var parts = Path.GetFileNameWithoutExtension(path).Split('_', 3);
        return parts.Length == 3 && parts[2].Length > 0 ? parts[2] : null;
    }

    /// <summary>The file name the plugin gives a node-step file (extern spelled 4294967292, as Slurm &gt;= 20.11 does).</summary>
    public static string NodeStepFileName(long jobId, string step, string node) =>
        string.Create(CultureInfo.InvariantCulture, $"{jobId}_{StepNames.FileNameToken(step)}_{node}.h5");

    private static long? ParseId(string text) =>
        text.Length > 0 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    [GeneratedRegex(@"(?<![0-9])(?<job>[0-9]+)_(?<step>batch|extern|interactive|-4|-6|[0-9]+)_(?<node>[^/_]+)\.h5$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NodeStepPlainNode();

    [GeneratedRegex(@"(?<![0-9])(?<job>[0-9]+)_(?<step>batch|extern|interactive|-4|-6|[0-9]+)_(?<node>[^/]+)\.h5$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NodeStepAnyNode();

    [GeneratedRegex(@"(?<![0-9])job_(?<job>[0-9]+)\.h5$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MergedName();
}
