using System.Diagnostics;
using System.Globalization;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;
using Spectre.Console;

namespace Bench.Functions.Cli;

/// <summary><c>sample &lt;out.h5&gt; [options]</c>: writes a synthetic Slurm profile. Exit 0 ok, 1 failed, 2 bad usage, 130 cancelled.</summary>
internal static class SampleCommand
{
    internal const string Usage = """
        usage: bench sample <out.h5|out-dir> [options]
          --nodes N               compute nodes (default 2)
          --tasks-per-node N      tasks per node in numbered steps (default 2)
          --steps LIST            comma-separated steps: batch, 0, 1, ..., extern, interactive (default batch,0);
                                  written as Slurm names them (extern: 4294967292 in file names, /Steps/-4 merged)
          --hours H               job duration in hours, fractions allowed (default 1)
          --energy-interval S     energy sampling interval in seconds (default 2)
          --task-interval S       task/filesystem/network sampling interval in seconds (default 30)
          --plugin P              ipmi | ipmi-sockets | xcc | rapl | gpu (default ipmi)
          --gpus N                GPUs per node for --plugin gpu (default 4)
          --seed S                random seed, same seed same file (default 1)
          --layout L              merged (one sh5util file) | node-step (one file per node and step in out-dir)
          --job-id N              job id for node-step file names (default 4242)
          --legacy-tasks          8-field task layout of Slurm before 23.02
          --no-io                 omit the Filesystem and Network series
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (!TryParse(args, out var output, out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"bench sample: {error}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        using var cancel = new ConsoleCancellation();
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await WriteWithProgressAsync(output, options, cancel.Token).ConfigureAwait(false);
            watch.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {result.Files.Count} file(s), {result.Rows:N0} rows, {result.Bytes / 1048576.0:F1} MiB in {watch.Elapsed.TotalSeconds:F1} s: {(options.Layout == ProfileLayout.Merged ? output : Path.GetFullPath(output) + Path.DirectorySeparatorChar)}"));
            return 0;
        }
        catch (OperationCanceledException)
        {
            if (options.Layout == ProfileLayout.Merged)
            {
                File.Delete(output);
            }

            await Console.Error.WriteLineAsync("bench sample: cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"bench sample: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            await Console.Error.WriteLineAsync($"bench sample: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (DllNotFoundException e)
        {
            // Only writing needs libhdf5 (analyze reads through PureHDF); the message names the package.
            await Console.Error.WriteLineAsync($"bench sample: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>Parses the command line; on failure <paramref name="error"/> says what is wrong.</summary>
    internal static bool TryParse(string[] args, out string output, out SampleProfileOptions options, out string error)
    {
        output = string.Empty;
        options = new SampleProfileOptions();
        error = string.Empty;
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            if (arg is "--legacy-tasks" or "--no-io")
            {
                options = arg == "--legacy-tasks" ? options with { LegacyTasks = true } : options with { IncludeIo = false };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{arg} needs a value";
                return false;
            }

            var value = args[++i];
            string? problem = null;
            switch (arg)
            {
                case "--nodes": options = options with { Nodes = Int(arg, value, ref problem) }; break;
                case "--tasks-per-node": options = options with { TasksPerNode = Int(arg, value, ref problem) }; break;
                case "--energy-interval": options = options with { EnergyIntervalSeconds = Int(arg, value, ref problem) }; break;
                case "--task-interval": options = options with { TaskIntervalSeconds = Int(arg, value, ref problem) }; break;
                case "--gpus": options = options with { GpusPerNode = Int(arg, value, ref problem) }; break;
                case "--hours":
                    options = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) && double.IsFinite(hours)
                        ? options with { Hours = hours }
                        : Fail(options, $"{arg} expects a number of hours, got '{value}'", ref problem);
                    break;
                case "--seed":
                    options = ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
                        ? options with { Seed = seed }
                        : Fail(options, $"{arg} expects a non-negative integer, got '{value}'", ref problem);
                    break;
                case "--job-id":
                    options = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var job)
                        ? options with { JobId = job }
                        : Fail(options, $"{arg} expects a non-negative integer, got '{value}'", ref problem);
                    break;
                case "--steps":
                    options = options with { Steps = value.Split(',', StringSplitOptions.TrimEntries) };
                    break;
                case "--plugin":
                    options = ParsePlugin(value) is { } plugin
                        ? options with { Plugin = plugin }
                        : Fail(options, $"{arg} must be ipmi, ipmi-sockets, xcc, rapl or gpu, got '{value}'", ref problem);
                    break;
                case "--layout":
                    options = value switch
                    {
                        "merged" => options with { Layout = ProfileLayout.Merged },
                        "node-step" => options with { Layout = ProfileLayout.NodeStep },
                        _ => Fail(options, $"{arg} must be merged or node-step, got '{value}'", ref problem),
                    };
                    break;
                default:
                    problem = $"unknown option '{arg}'";
                    break;
            }

            if (problem is not null)
            {
                error = problem;
                return false;
            }
        }

        if (positional.Count != 1)
        {
            error = positional.Count == 0 ? "the output path is missing" : $"one output path expected, got {positional.Count}: {string.Join(" ", positional)}";
            return false;
        }

        output = positional[0];
        var invalid = options.Validate();
        if (invalid.Count > 0)
        {
            error = string.Join("; ", invalid);
            return false;
        }

        return CheckOutput(output, options, out error);
    }

    private static bool CheckOutput(string output, SampleProfileOptions options, out string error)
    {
        error = string.Empty;
        if (options.Layout == ProfileLayout.Merged)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(output));
            if (Directory.Exists(output))
            {
                error = $"'{output}' is a directory; a merged profile is one file (or use --layout node-step)";
            }
            else if (directory is not null && !Directory.Exists(directory))
            {
                error = $"the directory of '{output}' does not exist";
            }
        }
        else if (File.Exists(output))
        {
            error = $"'{output}' is a file; --layout node-step writes one file per node and step into a directory";
        }

        return error.Length == 0;
    }

    private static async Task<SampleProfileResult> WriteWithProgressAsync(string output, SampleProfileOptions options, CancellationToken cancellationToken)
    {
        if (Console.IsOutputRedirected)
        {
            return await Task.Run(() => SampleProfileWriter.Write(output, options, null, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var planned = SampleProfileWriter.PlannedRows(options);
        return await AnsiConsole.Progress().StartAsync(async context =>
        {
            var task = context.AddTask("writing rows", maxValue: Math.Max(1, planned));
            var progress = new DirectProgress(rows => task.Value = rows);
            return await Task.Run(() => SampleProfileWriter.Write(output, options, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static EnergyPlugin? ParsePlugin(string value) => value switch
    {
        "ipmi" => EnergyPlugin.Ipmi,
        "ipmi-sockets" => EnergyPlugin.IpmiSockets,
        "xcc" => EnergyPlugin.Xcc,
        "rapl" or "pm_counters" or "ibmaem" => EnergyPlugin.Rapl,
        "gpu" => EnergyPlugin.Gpu,
        _ => null,
    };

    private static int Int(string option, string value, ref string? problem)
    {
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        problem = $"{option} expects an integer, got '{value}'";
        return 0;
    }

    private static SampleProfileOptions Fail(SampleProfileOptions options, string message, ref string? problem)
    {
        problem = message;
        return options;
    }

    /// <summary>Reports on the writer's thread; Progress&lt;T&gt; would queue every block to the thread pool.</summary>
    private sealed class DirectProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
