using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;
using Spectre.Console;

namespace Bench.Functions.Cli;

/// <summary><c>sample &lt;out.h5&gt; [options]</c>: writes a synthetic Slurm profile. Exit 0 ok, 1 failed, 2 bad usage, 130 cancelled.</summary>
internal static class SampleCommand
{
    private static readonly SampleProfileOptions Defaults = new();

    private static readonly Dictionary<string, EnergyPlugin> Plugins = new(StringComparer.Ordinal)
    {
        ["ipmi"] = EnergyPlugin.Ipmi,
        ["ipmi-sockets"] = EnergyPlugin.IpmiSockets,
        ["xcc"] = EnergyPlugin.Xcc,
        ["rapl"] = EnergyPlugin.Rapl,
        ["pm_counters"] = EnergyPlugin.Rapl,
        ["ibmaem"] = EnergyPlugin.Rapl,
        ["gpu"] = EnergyPlugin.Gpu,
    };

    private static readonly Dictionary<string, ProfileLayout> Layouts = new(StringComparer.Ordinal)
    {
        ["merged"] = ProfileLayout.Merged,
        ["node-step"] = ProfileLayout.NodeStep,
    };

    public static Command Create() => new Definition();

    /// <summary>The command and its options, kept as members so a parse result binds to one options record.</summary>
    internal sealed class Definition : Command
    {
        private readonly Argument<string> _output = new Argument<string>("out.h5|out-dir") { Description = "the profile to write (a directory for --layout node-step)" }.RejectUnknownOptions();
        private readonly Option<int> _nodes = Ranged("nodes", "compute nodes", Defaults.Nodes, v => Defaults with { Nodes = v });
        private readonly Option<int> _tasksPerNode = Ranged("tasks-per-node", "tasks per node in numbered steps", Defaults.TasksPerNode, v => Defaults with { TasksPerNode = v });
        private readonly Option<string[]> _steps = new("--steps")
        {
            Description = $"comma-separated steps: batch, 0, 1, ..., extern, interactive, written as Slurm names them (extern: 4294967292 in file names, /Steps/-4 merged) (default {string.Join(',', Defaults.Steps)})",
            HelpName = "LIST",
            CustomParser = result =>
            {
                var steps = result.Tokens.Count == 0 ? [.. Defaults.Steps] : result.Tokens[^1].Value.Split(',', StringSplitOptions.TrimEntries);
                foreach (var problem in Problems<string[]>("--steps", v => Defaults with { Steps = v })(steps))
                {
                    result.AddError(problem);
                }

                return steps;
            },
        };

        private readonly Option<double> _hours = CliOptions.Decimal("--hours", "job duration in hours, fractions allowed", Defaults.Hours, "a number of hours", Problems<double>("--hours", v => Defaults with { Hours = v }));
        private readonly Option<int> _energyInterval = Ranged("energy-interval", "energy sampling interval in seconds", Defaults.EnergyIntervalSeconds, v => Defaults with { EnergyIntervalSeconds = v });
        private readonly Option<int> _taskInterval = Ranged("task-interval", "task/filesystem/network sampling interval in seconds", Defaults.TaskIntervalSeconds, v => Defaults with { TaskIntervalSeconds = v });
        private readonly Option<EnergyPlugin?> _plugin = CliOptions.Choice("--plugin", "PLUGIN", "energy plugin: ipmi (default), ipmi-sockets, xcc, rapl, gpu; pm_counters and ibmaem write as rapl", Plugins);
        private readonly Option<int> _gpus = Ranged("gpus", "GPUs per node for --plugin gpu", Defaults.GpusPerNode, v => Defaults with { GpusPerNode = v });
        private readonly Option<ulong> _seed = CliOptions.Integer("--seed", "random seed, same seed same file", Defaults.Seed, "a non-negative integer");
        private readonly Option<ProfileLayout?> _layout = CliOptions.Choice("--layout", "LAYOUT", "merged: one sh5util file (default); node-step: one file per node and step in the directory", Layouts);
        private readonly Option<long> _jobId = Ranged("job-id", "job id for node-step file names", Defaults.JobId, v => Defaults with { JobId = v }, "a non-negative integer");
        private readonly Option<bool> _legacyTasks = new("--legacy-tasks") { Description = "8-field task layout of Slurm before 23.02" };
        private readonly Option<bool> _noIo = new("--no-io") { Description = "omit the Filesystem and Network series" };

        public Definition()
            : base("sample", "Write a synthetic Slurm profile.\nExit code: 0 written, 1 failed, 2 bad usage, 130 cancelled.")
        {
            _hours.HelpName = "H";

            foreach (var option in new Option[] { _nodes, _tasksPerNode, _steps, _hours, _energyInterval, _taskInterval, _plugin, _gpus, _seed, _layout, _jobId, _legacyTasks, _noIo })
            {
                Options.Add(option);
            }

            _output.Validators.Add(result =>
            {
                // An unknown --layout is reported by --layout itself; the path is checked against the default then.
                var layout = result.GetResult(_layout) is { Tokens.Count: > 0 } given && Layouts.TryGetValue(given.Tokens[^1].Value, out var named)
                    ? named
                    : Defaults.Layout;
                if (result.Tokens.Count > 0 && CheckOutput(result.Tokens[0].Value, layout) is { } error)
                {
                    result.AddError(error);
                }
            });
            Arguments.Add(_output);
            SetAction(result => RunAsync(Bind(result.CommandResult)));
        }

        /// <summary>The output path and options of a parse of this command.</summary>
        public (string Output, SampleProfileOptions Options) Bind(CommandResult result) => (result.GetRequiredValue(_output), new()
        {
            Nodes = result.GetValue(_nodes),
            TasksPerNode = result.GetValue(_tasksPerNode),
            Steps = result.GetResult(_steps) is null ? Defaults.Steps : result.GetValue(_steps) ?? [],
            Hours = result.GetValue(_hours),
            EnergyIntervalSeconds = result.GetValue(_energyInterval),
            TaskIntervalSeconds = result.GetValue(_taskInterval),
            Plugin = result.GetValue(_plugin) ?? Defaults.Plugin,
            GpusPerNode = result.GetValue(_gpus),
            Seed = result.GetValue(_seed),
            Layout = result.GetValue(_layout) ?? Defaults.Layout,
            JobId = result.GetValue(_jobId),
            LegacyTasks = result.GetValue(_legacyTasks),
            IncludeIo = !result.GetValue(_noIo),
        });
    }

    /// <summary>
    /// The problems <see cref="SampleProfileOptions.Validate"/> finds in one field (the defaults are valid), each
    /// naming <paramref name="option"/>: the ranges live there once, and the writer checks them too.
    /// </summary>
    private static Func<T, IEnumerable<string>> Problems<T>(string option, Func<T, SampleProfileOptions> with) =>
        value => with(value).Validate().Select(problem => problem.StartsWith(option, StringComparison.Ordinal) ? problem : $"{option}: {problem}");

    /// <summary>An integer option <c>--<paramref name="name"/></c> whose range <see cref="SampleProfileOptions.Validate"/> checks.</summary>
    private static Option<T> Ranged<T>(string name, string description, T defaultValue, Func<T, SampleProfileOptions> with, string kind = "an integer")
        where T : struct, INumber<T> =>
        CliOptions.Integer("--" + name, description, defaultValue, kind, Problems("--" + name, with));

    private static async Task<int> RunAsync((string Output, SampleProfileOptions Options) parsed)
    {
        var (output, options) = parsed;
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

    /// <summary>Why <paramref name="output"/> cannot take the profile, or null when it can.</summary>
    private static string? CheckOutput(string output, ProfileLayout layout)
    {
        if (layout == ProfileLayout.Merged)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(output));
            if (Directory.Exists(output))
            {
                return $"'{output}' is a directory; a merged profile is one file (or use --layout node-step)";
            }

            if (directory is not null && !Directory.Exists(directory))
            {
                return $"the directory of '{output}' does not exist";
            }
        }
        else if (File.Exists(output))
        {
            return $"'{output}' is a file; --layout node-step writes one file per node and step into a directory";
        }

        return null;
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

    /// <summary>Reports on the writer's thread; Progress&lt;T&gt; would queue every block to the thread pool.</summary>
    private sealed class DirectProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
