using System.Text.Json;

namespace Bench.Functions.Tests.Deployment;

/// <summary>One instruction of a Containerfile: keyword, its flags (<c>--from=build</c>) and its arguments.</summary>
public sealed record Instruction(string Keyword, IReadOnlyDictionary<string, string> Flags, IReadOnlyList<string> Arguments, string Text);

/// <summary>One build stage: FROM image, optional name, instructions after it.</summary>
public sealed record Stage(string Image, string? Name, List<Instruction> Instructions)
{
    public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    /// <summary>ENV values of this stage (<c>ENV A=1 B=2</c> form).</summary>
    public Dictionary<string, string> Env() => All("ENV").SelectMany(i => i.Arguments)
        .Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
}

/// <summary>
/// Reads a Containerfile/Dockerfile the way the builder does for the instructions Bench's use: line
/// continuations, comment lines, JSON (exec) and shell forms, flags, ARG defaults in FROM.
/// </summary>
public static class Containerfile
{
    public static List<Stage> Parse(string path)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<Stage>();
        foreach (var text in LogicalLines(File.ReadAllLines(path)))
        {
            var space = text.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            var rest = space < 0 ? "" : text[(space + 1)..].Trim();
            var flags = new Dictionary<string, string>(StringComparer.Ordinal);
            while (rest.StartsWith("--", StringComparison.Ordinal))
            {
                var end = rest.IndexOf(' ', StringComparison.Ordinal);
                var flag = end < 0 ? rest : rest[..end];
                var parts = flag[2..].Split('=', 2);
                flags[parts[0]] = parts.Length > 1 ? parts[1] : "";
                rest = end < 0 ? "" : rest[(end + 1)..].TrimStart();
            }

            var arguments = rest.StartsWith('[') && keyword is not "RUN"
                ? JsonSerializer.Deserialize<List<string>>(rest) ?? []
                : (keyword == "RUN" ? [rest] : rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList());
            var instruction = new Instruction(keyword, flags, arguments, text);

            if (keyword == "ARG" && stages.Count == 0)
            {
                var pair = rest.Split('=', 2);
                args[pair[0]] = pair.Length > 1 ? pair[1] : "";
            }
            else if (keyword == "FROM")
            {
                var image = arguments[0];
                foreach (var (name, value) in args)
                {
                    image = image.Replace("${" + name + "}", value, StringComparison.Ordinal).Replace("$" + name, value, StringComparison.Ordinal);
                }

                var named = arguments.Count == 3 && arguments[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? arguments[2] : null;
                stages.Add(new Stage(image, named, []));
            }
            else if (stages.Count == 0)
            {
                throw new InvalidDataException($"{path}: {keyword} before the first FROM");
            }
            else
            {
                stages[^1].Instructions.Add(instruction);
            }
        }

        return stages;
    }

    /// <summary>The builder's view: comment lines dropped (also inside a continuation), backslash-continued lines joined.</summary>
    private static IEnumerable<string> LogicalLines(IEnumerable<string> lines)
    {
        var current = new System.Text.StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }

            current.Append(line);
            var text = current.ToString().Trim();
            current.Clear();
            if (text.Length > 0)
            {
                yield return text;
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString().Trim();
        }
    }
}
