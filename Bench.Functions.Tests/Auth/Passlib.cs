using System.Diagnostics;
using System.Text.Json;

namespace Bench.Functions.Tests.Auth;

/// <summary>
/// Argon2 hashes made by passlib itself (Debian's python3-passlib with python3-argon2, installed by
/// scripts/setup.sh --test), the library the Python system hashed its users' passwords with.
/// </summary>
internal static class Passlib
{
    /// <summary>One hash to make; null parameters are passlib's defaults.</summary>
    public sealed record Request(string Password, string Type = "id", int? MemoryCost = null, int? Rounds = null, int? Parallelism = null);

    // Debian's interpreter: the python3 first on PATH may be another one without Debian's modules.
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys
        from passlib.hash import argon2
        for r in json.load(sys.stdin):
            options = {k: v for k, v in r.items() if k != "password" and v is not None}
            print(argon2.using(**options).hash(r["password"]))
        """;

    /// <summary>A small, cheap argon2id (the tests' default) or argon2i hash.</summary>
    public static Request Small(string password, string type = "id") => new(password, type, MemoryCost: 256, Rounds: 2, Parallelism: 2);

    /// <summary>The PHC strings, one per request, in order, from one python process.</summary>
    public static async Task<string[]> HashAsync(params Request[] requests)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var input = requests.Select(r => new Dictionary<string, object?>
        {
            ["password"] = r.Password,
            ["type"] = r.Type,
            ["memory_cost"] = r.MemoryCost,
            ["rounds"] = r.Rounds,
            ["parallelism"] = r.Parallelism,
        });
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(input));
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"passlib failed (is python3-passlib with python3-argon2 installed? scripts/setup.sh --test): {await stderr}");
        var hashes = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(requests.Length, hashes.Length);
        return hashes;
    }
}
