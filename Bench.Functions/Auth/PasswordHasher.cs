using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bench.Functions.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA512 with a per-user 128-bit salt. The stored form carries its own parameters,
/// <c>pbkdf2-sha512$iterations$salt$hash</c> (base64), so the iteration count can rise later
/// without breaking existing hashes.
/// </summary>
internal sealed class PasswordHasher(int iterations)
{
    private const string Algorithm = "pbkdf2-sha512";
    private const int SaltBytes = 16;
    private const int HashBytes = 64;

    public int Iterations { get; } = iterations;

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, Iterations, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Algorithm}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="password"/> matches; a malformed stored hash never matches.</summary>
    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Algorithm
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Derive(password, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the same time as a real verification, so unknown usernames are not told apart by timing.</summary>
    public void SpendVerificationTime(string password) =>
        Derive(password, DummySalt, Iterations, HashBytes);

    private static readonly byte[] DummySalt = RandomNumberGenerator.GetBytes(SaltBytes);

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, length);
}
