using System.Text;
using System.Text.RegularExpressions;

namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// .dockerignore rules as the builders apply them: patterns relative to the context root (leading and
/// trailing slashes cleaned), <c>*</c> and <c>?</c> within one path element, <c>**</c> across any
/// number of them, <c>!</c> re-including, the last matching pattern winning, and a directory's
/// exclusion covering everything below it.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules = [];

    public DockerIgnore(string file)
    {
        foreach (var raw in File.ReadAllLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            var pattern = (exclude ? line : line[1..]).Trim().Trim('/');
            _rules.Add((new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant), exclude));
        }
    }

    /// <summary>Whether the builder leaves <paramref name="relativePath"/> (forward slashes) out of the context.</summary>
    public bool Excludes(string relativePath)
    {
        var parts = relativePath.Trim('/').Split('/');
        var paths = Enumerable.Range(1, parts.Length).Select(depth => string.Join('/', parts[..depth])).ToList();
        var excluded = false;
        // The last rule that matches the path, or a directory above it, decides.
        foreach (var (pattern, exclude) in _rules)
        {
            if (paths.Any(pattern.IsMatch))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return regex.ToString();
    }
}
