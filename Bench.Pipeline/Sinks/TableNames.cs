using System.Security.Cryptography;
using System.Text;

namespace Bench.Pipeline.Sinks;

/// <summary>
/// <c>job_&lt;stem&gt;</c> table names: lowercase <c>[a-z0-9_]</c>, at most 63 bytes (PostgreSQL's limit),
/// shortened with a hash of the source when too long or when another source already owns the name.
/// </summary>
public static class TableNames
{
    public const int MaxLength = 63;

    /// <summary>Prefix of a file's timeline table.</summary>
    public const string FilePrefix = "job_";

    /// <summary>Prefix of a Slurm job's own timeline table.</summary>
    public const string JobPrefix = "slurm_job_";
    private const int HashLength = 8;

    /// <summary>The plain name for a file or object stem, before any clash is considered.</summary>
    public static string ForStem(string stem, string source, string prefix = FilePrefix)
    {
        var name = prefix + Sanitize(stem);
        return name.Length <= MaxLength ? name : WithHash(name, source);
    }

    /// <summary>The name with a short hash of <paramref name="source"/>, for long names and clashes.</summary>
    public static string WithHash(string name, string source)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..HashLength];
        var keep = Math.Min(name.Length, MaxLength - HashLength - 1);
        return $"{name[..keep].TrimEnd('_')}_{hash}";
    }

    /// <summary>The stem of a path or object key: its file name without the extension.</summary>
    public static string StemOf(string pathOrKey)
    {
        var name = pathOrKey.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }

    private static string Sanitize(string stem)
    {
        var builder = new StringBuilder(stem.Length);
        foreach (var c in stem.ToLowerInvariant())
        {
            builder.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '_');
        }

        return builder.Length == 0 ? "_" : builder.ToString();
    }
}
