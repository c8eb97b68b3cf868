using System.Security.Cryptography;

namespace Bench.Functions.Tests.Infrastructure;

/// <summary>Names that cannot collide between fixtures, test runs or checkouts sharing a server.</summary>
public static class UniqueName
{
    /// <summary><paramref name="prefix"/> followed by 12 random lowercase hex digits.</summary>
    public static string Create(string prefix) =>
        prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
