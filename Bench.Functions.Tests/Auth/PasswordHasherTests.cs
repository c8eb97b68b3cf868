using System.Security.Cryptography;
using System.Text;
using Bench.Functions.Auth;

namespace Bench.Functions.Tests.Auth;

public sealed class PasswordHasherTests
{
    [Fact]
    public void AHashVerifiesItsPasswordAndNoOther()
    {
        var stored = new PasswordHasher(210_000).Hash("correct horse");
        Assert.True(PasswordHasher.Verify("correct horse", stored));
        Assert.False(PasswordHasher.Verify("correct horse ", stored));
        Assert.False(PasswordHasher.Verify("Correct horse", stored));
    }

    [Fact]
    public void TwoHashesOfOnePasswordDifferByTheirSalt()
    {
        var hasher = new PasswordHasher(210_000);
        Assert.NotEqual(hasher.Hash("same password"), hasher.Hash("same password"));
    }

    [Fact]
    public void TheStoredIterationCountIsTheOneUsedToVerify()
    {
        // A hash made by hand with 1,000 iterations verifies: the parameters travel with the hash.
        var salt = new byte[16];
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("pässword"), salt, 1_000, HashAlgorithmName.SHA512, 64);
        var stored = $"pbkdf2-sha512$1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
        Assert.True(PasswordHasher.Verify("pässword", stored));
        Assert.False(PasswordHasher.Verify("pässword", stored.Replace("$1000$", "$1001$", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$210000$AAAA$AAAA")]
    [InlineData("pbkdf2-sha512$-5$AAAA$AAAA")]
    [InlineData("pbkdf2-sha512$210000$not base64!$AAAA")]
    public void AMalformedStoredHashNeverVerifies(string stored) =>
        Assert.False(PasswordHasher.Verify("plain-text-password", stored));
}
