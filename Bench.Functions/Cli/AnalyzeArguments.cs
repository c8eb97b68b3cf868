using Bench.Pipeline.Analysis;
using Bench.Pipeline.Pricing;

namespace Bench.Functions.Cli;

/// <summary>Parsed arguments of <c>analyze</c>.</summary>
internal sealed record AnalyzeArguments(
    IReadOnlyList<string> Paths,
    bool Json,
    string? Database,
    TariffSources Tariffs,
    bool Progress)
{
    public const string Usage = """
        usage: bench analyze <file.h5|dir>... [options]
          --json                 print one JSON object per file (an array) instead of tables
          --db PATH              write job_<stem> tables and job_summaries into a DuckDB file
          --price SPEC           fixed:EUR_PER_MWH | csv:PATH | smard[:REGION[:hour|quarterhour]]
          --carbon SPEC          fixed:G_PER_KWH | csv:PATH
          --no-progress          no progress bar on stderr
        Directories are searched recursively for *.h5 files.
        Exit code: 0 all files analysed, 1 some failed, 2 bad usage.
        """;

    public static bool TryParse(string[] args, out AnalyzeArguments parsed, out string error)
    {
        parsed = null!;
        error = string.Empty;
        var paths = new List<string>();
        var json = false;
        var progress = true;
        string? db = null;
        ITariffSource? price = null;
        ITariffSource? carbon = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--json":
                    json = true;
                    break;
                case "--no-progress":
                    progress = false;
                    break;
                case "--db" or "--price" or "--carbon":
                    if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        error = $"{arg} needs a value";
                        return false;
                    }

                    var value = args[++i];
                    try
                    {
                        if (arg == "--db") db = value;
                        else if (arg == "--price") price = TariffSpec.ParsePrice(value);
                        else carbon = TariffSpec.ParseCarbon(value);
                    }
                    catch (FormatException e)
                    {
                        error = e.Message;
                        return false;
                    }

                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal))
                    {
                        error = $"unknown option {arg}";
                        return false;
                    }

                    paths.Add(arg);
                    break;
            }
        }

        if (paths.Count == 0)
        {
            error = "no file or directory given";
            return false;
        }

        parsed = new AnalyzeArguments(paths, json, db, new TariffSources(price, carbon), progress);
        return true;
    }

    /// <summary>Files to analyse, directories expanded; paths that do not exist are returned as errors.</summary>
    public IReadOnlyList<(string Path, string? Error)> ExpandPaths()
    {
        var files = new List<(string, string?)>();
        foreach (var path in Paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".h5", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToArray();
                if (found.Length == 0)
                {
                    files.Add((path, "directory holds no .h5 files"));
                }

                files.AddRange(found.Select(f => (f, (string?)null)));
            }
            else
            {
                files.Add((path, File.Exists(path) ? null : "no such file or directory"));
            }
        }

        return files;
    }
}
