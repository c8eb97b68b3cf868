using System.Text;
using Bench.Functions.Auth;

namespace Bench.Functions.Tests.Auth;

/// <summary>Reading the Python system's users file: line numbers, line endings, blank and overlong lines.</summary>
public sealed class UsersFileTests
{
    // passlib: argon2.using(memory_cost=512, rounds=2, parallelism=2).hash("s3cret-pass")
    private const string Hash = "$argon2id$v=19$m=512,t=2,p=2$6n0PAeA855wzBqCUEoIQgg$IpPCD1s4mT9t5SbrWqCaxg";

    [Theory]
    [InlineData("alice1:" + Hash + "\n")]
    [InlineData("alice1:" + Hash)]
    [InlineData("alice1:" + Hash + "\r\n")]
    [InlineData("  alice1:" + Hash + "  \n\n")]
    public void OneLineWithOrWithoutItsNewlineIsOneEntry(string text)
    {
        var lines = UsersFile.Read(new StringReader(text)).ToList();

        var entry = Assert.Single(lines).Entry;
        Assert.Equal(new UsersFileEntry(1, "alice1", Hash), entry);
    }

    [Fact]
    public void LinesAreNumberedAsInTheFileCountingBlankAndOverlongOnes()
    {
        var text = "\n" + "bobby:" + Hash + "\r\n" + "   \n" + new string('z', UsersFile.MaxLineLength + 1) + "\n" + "carol:" + Hash + "\n";

        var lines = UsersFile.Read(new StringReader(text)).ToList();

        Assert.Equal(3, lines.Count);
        Assert.Equal(new UsersFileEntry(2, "bobby", Hash), lines[0].Entry);
        Assert.Equal(new SkippedUserLine(4, "the line is longer than 1024 characters"), lines[1].Skipped);
        Assert.Equal(new UsersFileEntry(5, "carol", Hash), lines[2].Entry);
    }

    [Fact]
    public void ALineOfExactlyTheLimitIsReadAndOneMoreIsSkipped()
    {
        var name = "dave1";
        var padded = name + ":" + Hash + new string(' ', UsersFile.MaxLineLength - name.Length - 1 - Hash.Length);
        Assert.Equal(UsersFile.MaxLineLength, padded.Length);

        var lines = UsersFile.Read(new StringReader(padded + "\n" + padded + " ")).ToList();

        Assert.Equal(new UsersFileEntry(1, name, Hash), lines[0].Entry);
        Assert.Equal(2, lines[1].Skipped!.Line);
    }

    [Fact]
    public void AByteOrderMarkIsNotPartOfTheFirstName()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "erin1:" + Hash + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Assert.Equal(0xEF, File.ReadAllBytes(path)[0]);
            using var reader = UsersFile.Open(path);

            Assert.Equal(new UsersFileEntry(1, "erin1", Hash), Assert.Single(UsersFile.Read(reader)).Entry);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AColonInsideTheHashPartIsNotAcceptedAsAHash()
    {
        var (entry, skipped) = UsersFile.Parse(7, "frank1:" + Hash + ":extra")!.Value;

        Assert.Null(entry);
        Assert.Equal(7, skipped!.Line);
        Assert.StartsWith("the hash of 'frank1' is not usable: ", skipped.Reason, StringComparison.Ordinal);
    }
}
