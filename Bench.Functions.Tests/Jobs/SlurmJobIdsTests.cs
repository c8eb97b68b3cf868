using Bench.Functions.Jobs;

namespace Bench.Functions.Tests.Jobs;

/// <summary>The API id of a Slurm job: the Slurm job id, with @cluster when the uploads named one.</summary>
public sealed class SlurmJobIdsTests
{
    [Theory]
    [InlineData("9799476", "9799476", "")]
    [InlineData("9799476@lumi", "9799476", "lumi")]
    [InlineData("123_4@a@b", "123_4", "a@b")]
    public void AnIdNamesItsJobAndCluster(string id, string slurmJobId, string cluster)
    {
        Assert.True(SlurmJobIds.TryParse(id, out var parsedId, out var parsedCluster));
        Assert.Equal((slurmJobId, cluster), (parsedId, parsedCluster));
        Assert.Equal(id, SlurmJobIds.Format(parsedId, parsedCluster));
    }

    [Theory]
    [InlineData("")]
    [InlineData("@lumi")]
    [InlineData("9799476@")]
    [InlineData("97\u000099476")]
    public void WhatCannotNameAJobIsRefused(string id) =>
        Assert.False(SlurmJobIds.TryParse(id, out _, out _));

    [Fact]
    public void TheKeyKeepsAnEmptyClusterBetweenSlashes() =>
        Assert.Equal("alice//9799476", SlurmJobIds.Key("alice", "", "9799476"));
}
