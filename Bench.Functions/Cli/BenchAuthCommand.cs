using System.CommandLine;
using System.Diagnostics;
using Bench.Functions.Auth;
using Bench.Functions.Options;

namespace Bench.Functions.Cli;

/// <summary><c>bench-auth [--seconds N] [--iterations N]</c>: PBKDF2 password hashes per second, one thread and all cores.</summary>
internal static class BenchAuthCommand
{
    public static Command Create()
    {
        var seconds = CliOptions.Decimal("--seconds", "how long each measurement runs", 5.0, "a number of seconds", CliOptions.AboveZero<double>("--seconds"));
        var iterations = CliOptions.Integer("--iterations", "PBKDF2 iterations per hash", JwtOptions.MinimumPbkdf2Iterations, problems: CliOptions.AboveZero<int>("--iterations"));
        var command = new Command("bench-auth", "Measure PBKDF2 password hashes per second, one thread and all cores.\nExit code: 0 measured, 1 a hash did not verify, 2 bad usage.") { seconds, iterations };
        command.SetAction(result => Run(result.GetValue(seconds), result.GetValue(iterations)));
        return command;
    }

    private static int Run(double seconds, int iterations)
    {
        var hasher = new PasswordHasher(iterations);
        var stored = hasher.Hash("correct horse battery staple");
        if (!PasswordHasher.Verify("correct horse battery staple", stored))
        {
            Console.Error.WriteLine("bench bench-auth: a hash did not verify.");
            return 1;
        }

        var single = Measure(hasher, 1, seconds);
        var parallel = Measure(hasher, Environment.ProcessorCount, seconds);
        Console.WriteLine($"PBKDF2-HMAC-SHA512, {iterations} iterations:");
        Console.WriteLine($"  1 thread:  {single:F1} hashes/s ({1000 / single:F0} ms per hash)");
        Console.WriteLine($"  {Environment.ProcessorCount} threads: {parallel:F1} hashes/s");
        return 0;
    }

    private static double Measure(PasswordHasher hasher, int threads, double seconds)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var count = 0;
        var started = Stopwatch.GetTimestamp();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                hasher.Hash("correct horse battery staple");
                Interlocked.Increment(ref count);
            }
        });
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
