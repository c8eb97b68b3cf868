using Bench.Functions.Storage;

namespace Bench.Functions.Tests.Storage;

public sealed class ObjectNamesTests
{
    [Theory]
    [InlineData("profile.h5", "profile.h5")]
    [InlineData("job-42_step.0.h5", "job-42_step.0.h5")]
    [InlineData("my file.h5", "my_file.h5")]
    [InlineData("a/b/c.h5", "a_b_c.h5")]
    [InlineData("back\\slash", "back_slash")]
    [InlineData("énergie.h5", "_nergie.h5")]
    [InlineData("e\u0301.h5", "e_.h5")]
    [InlineData("😀.h5", "_.h5")]
    [InlineData("%2e%2e", "_2e_2e")]
    [InlineData("?x=1&y", "_x_1_y")]
    [InlineData("a.", "a.")]
    public void CharactersOutsideTheSafeSetBecomeUnderscores(string name, string expected)
    {
        Assert.Equal(expected, ObjectNames.Sanitize(name, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("..", "'..'")]
    [InlineData("../x", "'..'")]
    [InlineData("a/../b", "'..'")]
    [InlineData("x..", "'..'")]
    [InlineData("/abs", "start with '/'")]
    [InlineData("/", "start with '/'")]
    [InlineData(".", "'.'")]
    public void EmptyDotDotAndLeadingSlashAreRefused(string? name, string reason)
    {
        Assert.Null(ObjectNames.Sanitize(name, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void NamesUpTo255CharactersPassAndLongerOnesAreRefused()
    {
        Assert.Equal(new string('a', 255), ObjectNames.Sanitize(new string('a', 255), out _));
        Assert.Null(ObjectNames.Sanitize(new string('a', 256), out var error));
        Assert.Contains("255", error, StringComparison.Ordinal);
        Assert.Null(ObjectNames.Sanitize(new string('é', 10_240), out _));
    }

    [Theory]
    [InlineData("benchmark_name", "", "benchmark_name is required and must not be empty.")]
    [InlineData("cluster", "..", "cluster must not contain '..'.")]
    [InlineData("cluster", "/c", "cluster must not start with '/'.")]
    [InlineData("benchmark_name", ".", "benchmark_name must not be '.'.")]
    public void ARefusalNamesTheParameterItCameIn(string parameter, string value, string expected)
    {
        Assert.Null(ObjectNames.Sanitize(value, parameter, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void AnAlreadySafeNameIsReturnedAsIsAndCaseIsKept()
    {
        var name = "HPL-Linpack_2.3";
        Assert.Same(name, ObjectNames.Sanitize(name, "benchmark_name", out var error));
        Assert.Null(error);
        Assert.Equal("HPL_Linpack", ObjectNames.Sanitize("HPL Linpack", "benchmark_name", out _));
    }
}
