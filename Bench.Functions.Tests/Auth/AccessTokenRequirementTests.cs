using Bench.Functions.Auth;

namespace Bench.Functions.Tests.Auth;

/// <summary>Which functions the bearer middleware guards, read from the worker's own functions.metadata.</summary>
public sealed class AccessTokenRequirementTests
{
    [Fact]
    public void StorageFilesAndJobsFunctionsNeedAnAccessTokenAndNoOtherDoes()
    {
        var guarded = FunctionsMetadata.Read()
            .Where(f => AccessTokenRequiredAttribute.IsRequiredFor(f.EntryPoint))
            .Select(f => f.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            ["FilesList", "FilesPresignDownload", "FilesPresignUpload", "JobsGet", "JobsList", "JobsSeries", "StorageList", "StoragePresignDownload", "StoragePresignUpload"],
            guarded);
    }

    [Fact]
    public void AnEntryPointThatDoesNotExistIsAnError() =>
        Assert.Throws<InvalidOperationException>(() => AccessTokenRequiredAttribute.IsRequiredFor("Bench.Functions.Functions.AuthFunctions.NoSuchMethod"));
}
