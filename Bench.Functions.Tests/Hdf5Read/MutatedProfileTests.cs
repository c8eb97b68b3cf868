using System.Diagnostics;
using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;
using Xunit.Abstractions;

namespace Bench.Functions.Tests.Hdf5Read;

/// <summary>
/// Hundreds of damaged copies of one profile (seeded, so a failure reproduces): each must end, within a
/// few seconds, as an analysis or as one of our own per-file errors, and the process must survive.
/// </summary>
public sealed class MutatedProfileTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan PerFile = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public enum Mutation
    {
        Truncated,
        HeaderBitFlips,
        AnywhereBitFlips,
        ZeroedBlock,
        RandomBody,
    }

    [Theory]
    [InlineData(Mutation.Truncated, 60)]
    [InlineData(Mutation.HeaderBitFlips, 80)]
    [InlineData(Mutation.AnywhereBitFlips, 70)]
    [InlineData(Mutation.ZeroedBlock, 60)]
    [InlineData(Mutation.RandomBody, 30)]
    public async Task EveryMutatedProfileEndsAsAnAnalysisOrAClearPerFileError(Mutation mutation, int count)
    {
        var original = _dir.File("job_77.h5");
        SampleProfileWriter.Write(original, new SampleProfileOptions { Nodes = 2, Hours = 0.05, EnergyIntervalSeconds = 2, TaskIntervalSeconds = 10 });
        var bytes = File.ReadAllBytes(original);
        var random = new Random(20261127 + (int)mutation);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var path = _dir.File($"job_{mutation}_{i}.h5");
            File.WriteAllBytes(path, Mutate(bytes, mutation, random));
            var watch = Stopwatch.StartNew();
            var run = Task.Run(() => Analyse(path));
            if (await Task.WhenAny(run, Task.Delay(PerFile)) != run)
            {
                failures.Add($"{Path.GetFileName(path)}: no answer within {PerFile.TotalSeconds} s");
                continue;
            }

            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            var outcome = await run;
            outcomes[outcome.Kind] = outcomes.GetValueOrDefault(outcome.Kind) + 1;
            if (outcome.Message is not null && i % 10 == 0)
            {
                output.WriteLine(outcome.Message);
            }

            if (outcome.Failure is { } failure)
            {
                failures.Add($"{Path.GetFileName(path)}: {failure}");
            }

            File.Delete(path);
        }

        output.WriteLine($"{mutation}: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}; slowest {slowest.TotalMilliseconds:F0} ms");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(count, outcomes.Values.Sum());
    }

    private sealed record Outcome(string Kind, string? Failure = null, string? Message = null);

    /// <summary>Reads every series (as with a sink) and builds every timeline.</summary>
    private static Outcome Analyse(string path)
    {
        try
        {
            using var reader = SlurmProfileReader.Open(path);
            var result = ProfileAnalyzer.Analyze(reader, onTimeline: _ => { });
            return double.IsFinite(result.EnergyToSolutionJ) || double.IsNaN(result.EnergyToSolutionJ)
                ? new Outcome("analysed")
                : new Outcome("analysed", $"energy {result.EnergyToSolutionJ}");
        }
        catch (Exception e) when (e is H5Exception or SlurmProfileFormatException or NoEnergyDataException)
        {
            if (!e.Message.Contains(path, StringComparison.Ordinal))
            {
                return new Outcome(e.GetType().Name, $"{e.GetType().Name} does not name the file: {e.Message}");
            }

            return new Outcome(e.GetType().Name, Message: e.Message);
        }
        catch (Exception e)
        {
            return new Outcome("unexpected", $"{e.GetType().FullName}: {e.Message}\n{e.StackTrace}");
        }
    }

    private static byte[] Mutate(byte[] original, Mutation mutation, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (mutation)
        {
            case Mutation.Truncated:
                return bytes[..random.Next(1, bytes.Length)];
            case Mutation.HeaderBitFlips:
                // Superblock, root group, object headers, B-trees and heaps of a small file sit in its first KiBs.
                Flip(bytes, random, Math.Min(bytes.Length, 8192), random.Next(1, 9));
                break;
            case Mutation.AnywhereBitFlips:
                Flip(bytes, random, bytes.Length, random.Next(1, 33));
                break;
            case Mutation.ZeroedBlock:
                var length = random.Next(16, 4096);
                var at = random.Next(0, Math.Max(1, bytes.Length - length));
                Array.Clear(bytes, at, Math.Min(length, bytes.Length - at));
                break;
            case Mutation.RandomBody:
                // Keep the signature so the reader goes past "not an HDF5 file" into the parser.
                random.NextBytes(bytes.AsSpan(8 + random.Next(0, 96)));
                break;
        }

        return bytes;
    }

    private static void Flip(byte[] bytes, Random random, int within, int flips)
    {
        for (var f = 0; f < flips; f++)
        {
            bytes[random.Next(within)] ^= (byte)(1 << random.Next(8));
        }
    }
}
