using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Bench.Functions.Auth;

/// <summary>
/// An Argon2 hash in the PHC string form that passlib (the Python system's hasher) writes:
/// <c>$argon2id$v=19$m=&lt;KiB&gt;,t=&lt;passes&gt;,p=&lt;lanes&gt;$&lt;salt&gt;$&lt;digest&gt;</c>, base64 without
/// padding; <c>argon2i</c> too. Imported accounts keep it until their first successful login, when the
/// password is rehashed with <see cref="PasswordHasher"/>. Parameters are bounded so a hostile users file
/// cannot make one login allocate gigabytes.
/// </summary>
internal sealed record Argon2PhcHash(string Variant, int MemoryKiB, int Iterations, int Parallelism, byte[] Salt, byte[] Digest)
{
    public const int MaxMemoryKiB = 1024 * 1024;
    public const int MaxIterations = 64;
    public const int MaxParallelism = 64;

    /// <summary>True for strings this type reads, whatever their validity (so callers can tell hash kinds apart).</summary>
    public static bool LooksLikeArgon2(string stored) =>
        stored.StartsWith("$argon2id$", StringComparison.Ordinal) || stored.StartsWith("$argon2i$", StringComparison.Ordinal);

    /// <summary>Parses a PHC string; <paramref name="error"/> says what is wrong when it returns null.</summary>
    public static Argon2PhcHash? TryParse(string stored, out string? error)
    {
        ArgumentNullException.ThrowIfNull(stored);
        error = null;
        var parts = stored.Split('$');
        // "", variant, "v=19", "m=..,t=..,p=..", salt, digest
        if (parts.Length != 6 || parts[0].Length != 0)
        {
            error = "not a PHC string $argon2id$v=19$m=..,t=..,p=..$salt$digest";
            return null;
        }

        if (parts[1] is not ("argon2id" or "argon2i"))
        {
            error = $"variant '{parts[1]}' is not argon2id or argon2i";
            return null;
        }

        if (parts[2] != "v=19")
        {
            error = $"version '{parts[2]}' is not supported (only v=19, Argon2 1.3)";
            return null;
        }

        var parameters = ParseParameters(parts[3]);
        if (parameters is not { } p || !parameters.Value.IsBounded())
        {
            error = $"parameters '{parts[3]}' are not m=1..{MaxMemoryKiB},t=1..{MaxIterations},p=1..{MaxParallelism} with m >= 8 p";
            return null;
        }

        var salt = FromUnpaddedBase64(parts[4]);
        var digest = FromUnpaddedBase64(parts[5]);
        if (salt is not { Length: >= 8 } || digest is not { Length: >= 4 })
        {
            error = "salt or digest is not base64 of at least 8 and 4 bytes";
            return null;
        }

        return new Argon2PhcHash(parts[1], p.Memory, p.Iterations, p.Parallelism, salt, digest);
    }

    /// <summary>True when <paramref name="password"/> derives the same digest (compared in fixed time).</summary>
    public bool Verify(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var bytes = Encoding.UTF8.GetBytes(password);
        using Argon2 argon = Variant == "argon2id" ? new Argon2id(bytes) : new Argon2i(bytes);
        argon.Salt = Salt;
        argon.Iterations = Iterations;
        argon.MemorySize = MemoryKiB;
        argon.DegreeOfParallelism = Parallelism;
        var actual = argon.GetBytes(Digest.Length);
        return CryptographicOperations.FixedTimeEquals(actual, Digest);
    }

    private readonly record struct Parameters(int Memory, int Iterations, int Parallelism)
    {
        public bool IsBounded() =>
            Memory is >= 1 and <= MaxMemoryKiB && Iterations is >= 1 and <= MaxIterations
            && Parallelism is >= 1 and <= MaxParallelism && Memory >= 8 * Parallelism;
    }

    private static Parameters? ParseParameters(string text)
    {
        int? m = null, t = null, p = null;
        foreach (var pair in text.Split(','))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || !int.TryParse(pair.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            switch (pair[..at])
            {
                case "m": m = value; break;
                case "t": t = value; break;
                case "p": p = value; break;
                default: return null;
            }
        }

        return m is { } mm && t is { } tt && p is { } pp ? new Parameters(mm, tt, pp) : null;
    }

    private static byte[]? FromUnpaddedBase64(string text)
    {
        if (text.Length == 0 || text.Length % 4 == 1)
        {
            return null;
        }

        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
