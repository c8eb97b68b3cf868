using System.Globalization;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Perf;
using Spectre.Console;

namespace Bench.Functions.Cli;

/// <summary>Prints one Slurm job's analysis as tables a person reads at a glance.</summary>
internal static class ReportPrinter
{
    private const int MaxNodeRows = 16;

    /// <summary>A Slurm job: its figures over all its files, then each file's own energy when there are several.</summary>
    public static void PrintJob(IAnsiConsole console, JobOutcome job)
    {
        var files = job.IncludedFiles;
        var where = files.Count == 1 ? files[0] : $"{files.Count} files";
        var title = job.Job.SlurmJobId is { } id ? $"Slurm job {id}  ({where})" : where;
        Print(console, AnalysisReport.From(job.Result!), title, job.PerFile.Count(f => f.Result is not null) > 1 ? job.PerFile : null, job);
    }

    private static void Print(IAnsiConsole console, AnalysisReport r, string title, IReadOnlyList<FileOutcome>? perFile, JobOutcome job)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());

        var summary = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        if (job.Benchmark is { } benchmark)
        {
            Row(summary, "benchmark", benchmark);
        }

        Row(summary, "nodes / steps / tasks", $"{r.Nodes} / {string.Join(", ", r.Steps)} / {r.Tasks}");
        Row(summary, "start - end (UTC)", $"{r.StartTime:yyyy-MM-dd HH:mm:ss} - {r.EndTime:yyyy-MM-dd HH:mm:ss}");
        Row(summary, "energy to solution", Invariant($"{r.EnergyToSolutionJ:N0} J ({Energy(r.EnergyToSolutionJ)})"));
        Row(summary, "power measures", Scope(r.PowerScope));
        if (r.CpuFrequencyUnit is { } unit)
        {
            Row(summary, "CPUFrequency written in", unit switch { "kHz" => "kHz (sysfs), shown as MHz", "MHz" => "MHz (/proc/cpuinfo)", _ => "kHz in some node steps, MHz in others (see warnings)" });
        }

        Row(summary, "time to solution", Duration(r.TimeToSolutionS));
        Row(summary, "average power", Power(r.AveragePowerW));
        Row(summary, "peak power", $"{Power(r.PeakPowerW)} at +{Duration(r.PeakPowerTimeS)}");
        Row(summary, "energy-delay product", Invariant($"{r.EnergyDelayProduct:0.###e+0} J·s"));
        Row(summary, "cost", r.CostEur is { } cost ? Invariant($"{cost:0.0000} EUR") : "-");
        Row(summary, "CO2", r.Co2G is { } co2 ? Invariant($"{co2 / 1000:0.000} kg") : "-");
        Row(summary, "in other words", r.ApplianceDescription ?? "-");
        console.Write(summary);
        if (job.Perf is { } perf)
        {
            console.Write(PerformanceTable(perf));
        }

        var nodes = new Table().Border(TableBorder.Simple).AddColumns("node", "energy", "avg power", "peak power", "samples", "source");
        foreach (var n in r.PerNode.Take(MaxNodeRows))
        {
            nodes.AddRow(Markup.Escape(n.Node), Energy(n.EnergyJ), Power(n.AveragePowerW), Power(n.PeakPowerW),
                n.Samples.ToString(CultureInfo.InvariantCulture), Markup.Escape(n.PowerScope == "cpu_packages_dram" ? $"{n.PowerSource} (CPU+DRAM)" : n.PowerSource));
        }

        if (r.PerNode.Count > MaxNodeRows)
        {
            nodes.AddRow($"... {r.PerNode.Count - MaxNodeRows} more (see --json)", "", "", "", "", "");
        }

        console.Write(nodes);

        var steps = new Table().Border(TableBorder.Simple).AddColumns("step", "nodes", "energy (own samples)", "xcc counters", "avg power", "duration");
        foreach (var s in r.PerStep)
        {
            steps.AddRow(Markup.Escape(s.Step), s.Nodes.ToString(CultureInfo.InvariantCulture), Energy(s.EnergyJ),
                s.CounterEnergyJ is { } c ? Energy(c) : "-", Power(s.AveragePowerW), Duration((s.EndTime - s.StartTime).TotalSeconds));
        }

        console.Write(steps);
        if (perFile is not null)
        {
            // Files of one job overlap (batch and step files of a node): their energies do not add up to the job's.
            var table = new Table().Border(TableBorder.Simple).AddColumns("file (own figures, overlapping)", "nodes", "steps", "energy");
            foreach (var f in perFile.Where(f => f.Result is not null))
            {
                table.AddRow(Markup.Escape(Path.GetFileName(f.Path)), f.Result!.Nodes.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", f.Result.Steps)), Energy(f.Result.EnergyToSolutionJ));
            }

            console.Write(table);
        }

        if (r.Components.Count > 0)
        {
            var components = new Table().Border(TableBorder.Simple).AddColumns("component (not added to node power)", "energy", "avg power", "peak power");
            foreach (var c in r.Components)
            {
                components.AddRow(Markup.Escape(c.Label), Energy(c.EnergyJ), Power(c.AveragePowerW), Power(c.PeakPowerW));
            }

            console.Write(components);
        }

        foreach (var warning in r.Warnings)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        }

        console.WriteLine();
    }

    /// <summary>The job's counters (LIKWID) and its work per energy.</summary>
    private static Table PerformanceTable(PerfEfficiency perf)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn("performance (counters)").AddColumn(new TableColumn("value").RightAligned());
        Row(table, "DP MFLOP/s", perf.DpMflops is { } dp ? Invariant($"{dp:N1}") : "-");
        Row(table, "SP MFLOP/s", perf.SpMflops is { } sp ? Invariant($"{sp:N1}") : "-");
        Row(table, "runtime (longest thread)", perf.RuntimeS is { } runtime ? Invariant($"{runtime:0.###} s") : "-");
        var precision = perf.Precision is { } p ? $" ({p.ToUpperInvariant()})" : string.Empty;
        Row(table, "work" + precision, perf.GflopTotal is { } gflop ? Invariant($"{gflop:N3} GFLOP") : "-");
        Row(table, "GFLOP/s per W", perf.GflopsPerW is { } perW ? (perW >= 0.01 ? Invariant($"{perW:0.####}") : Invariant($"{perW:0.###e+0}")) : "-");
        Row(table, "GFLOP per kWh", perf.GflopPerKwh is { } perKwh ? Invariant($"{perKwh:N0}") : "-");
        Row(table, "energy divided by", perf.EnergyBasis == PerfEfficiency.JobEnergyBasis ? "the whole job's" : "the nodes and time the counters cover");
        return table;
    }

    /// <summary>The report's power_scope in words; rapl's Power is not the whole node.</summary>
    public static string Scope(string? scope) => scope switch
    {
        null or "node" => "whole node",
        "cpu_packages_dram" => "CPU packages + DRAM (rapl), not the whole node",
        "components" => "component sensors only (no whole-node sensor)",
        _ => "mixed: nodes measure different scopes (see --json per_node)",
    };

    private static void Row(Table table, string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public static string Energy(double joules) => joules switch
    {
        >= 3.6e9 => Invariant($"{joules / 3.6e9:0.###} MWh"),
        >= 3.6e6 => Invariant($"{joules / 3.6e6:0.###} kWh"),
        _ => Invariant($"{joules / 3.6e3:0.###} Wh"),
    };

    public static string Power(double watts) => watts >= 1e4 ? Invariant($"{watts / 1000:0.##} kW") : Invariant($"{watts:0.#} W");

    public static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(seconds);
        return t.TotalHours >= 1 ? Invariant($"{(int)t.TotalHours}h {t.Minutes:00}m {t.Seconds:00}s") : Invariant($"{t.Minutes}m {t.Seconds:00}s");
    }
}
