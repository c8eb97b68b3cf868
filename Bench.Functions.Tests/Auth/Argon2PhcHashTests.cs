using Bench.Functions.Auth;

namespace Bench.Functions.Tests.Auth;

/// <summary>Hashes made by passlib 1.7 (python3-passlib with python3-argon2), as the Python system stored them.</summary>
public sealed class Argon2PhcHashTests
{
    // argon2.using(memory_cost=512, rounds=2, parallelism=2).hash("s3cret-pass")
    private const string SmallArgon2id = "$argon2id$v=19$m=512,t=2,p=2$6n0PAeA855wzBqCUEoIQgg$IpPCD1s4mT9t5SbrWqCaxg";

    // argon2.using(type="i", memory_cost=256, rounds=3, parallelism=1, salt_size=8, digest_size=32).hash("another pass")
    private const string SmallArgon2i = "$argon2i$v=19$m=256,t=3,p=1$LKU0hlAq5Zw$vhlegvNtgNxxnnsv7lkvyhhHVxbQnvdY3MEw9uLP/Sg";

    // argon2.hash("default-params!"): passlib's defaults, 100 MiB, 2 passes, 8 lanes
    private const string PasslibDefaults = "$argon2id$v=19$m=102400,t=2,p=8$/f/fW4tRytm7t5ZyzpmT8g$MRzsw/I/MAzxOvMxmvJqig";

    [Theory]
    [InlineData(SmallArgon2id, "s3cret-pass")]
    [InlineData(SmallArgon2i, "another pass")]
    [InlineData(PasslibDefaults, "default-params!")]
    public void PasslibHashesVerifyWithTheirPasswordOnly(string stored, string password)
    {
        var hash = Argon2PhcHash.TryParse(stored, out var error);

        Assert.Null(error);
        Assert.NotNull(hash);
        Assert.True(hash.Verify(password));
        Assert.False(hash.Verify(password + "x"));
        Assert.False(hash.Verify(password.ToUpperInvariant()));
    }

    [Fact]
    public void TheParametersAreReadFromTheString()
    {
        var hash = Argon2PhcHash.TryParse(SmallArgon2i, out _)!;

        Assert.Equal("argon2i", hash.Variant);
        Assert.Equal((256, 3, 1), (hash.MemoryKiB, hash.Iterations, hash.Parallelism));
        Assert.Equal(8, hash.Salt.Length);
        Assert.Equal(32, hash.Digest.Length);
    }

    [Theory]
    [InlineData("pbkdf2-sha512$210000$abc$def", "not a PHC string")]
    [InlineData("$argon2d$v=19$m=512,t=2,p=2$6n0PAeA855wzBqCUEoIQgg$IpPCD1s4mT9t5SbrWqCaxg", "variant 'argon2d'")]
    [InlineData("$argon2id$v=16$m=512,t=2,p=2$6n0PAeA855wzBqCUEoIQgg$IpPCD1s4mT9t5SbrWqCaxg", "version 'v=16'")]
    [InlineData("$argon2id$v=19$m=4194304,t=2,p=2$6n0PAeA855wzBqCUEoIQgg$IpPCD1s4mT9t5SbrWqCaxg", "parameters")]
    [InlineData("$argon2id$v=19$m=512,t=0,p=2$6n0PAeA855wzBqCUEoIQgg$IpPCD1s4mT9t5SbrWqCaxg", "parameters")]
    [InlineData("$argon2id$v=19$m=512,t=2$6n0PAeA855wzBqCUEoIQgg$IpPCD1s4mT9t5SbrWqCaxg", "parameters")]
    [InlineData("$argon2id$v=19$m=512,t=2,p=2$!!!$IpPCD1s4mT9t5SbrWqCaxg", "base64")]
    public void MalformedOrUnboundedHashesAreRefusedWithAReason(string stored, string expected)
    {
        Assert.Null(Argon2PhcHash.TryParse(stored, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
