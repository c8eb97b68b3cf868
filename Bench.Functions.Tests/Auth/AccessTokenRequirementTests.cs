using Bench.Functions.Auth;

namespace Bench.Functions.Tests.Auth;

/// <summary>Which functions the bearer middleware guards, read from the worker's own functions.metadata.</summary>
public sealed class AccessTokenRequirementTests
{
    [Fact]
    public void StorageFilesJobsUploadsAndBenchmarksFunctionsNeedAnAccessTokenAndNoOtherDoes()
    {
        var guarded = FunctionsMetadata.Read()
            .Where(f => AccessTokenRequiredAttribute.IsRequiredFor(f.EntryPoint))
            .Select(f => f.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "BenchmarkRuns", "BenchmarksList", "FilesDeleteObject", "FilesList", "FilesPresignDownload", "FilesPresignUpload",
                "JobsCompare", "JobsDelete", "JobsGet", "JobsList", "JobsSeries", "StorageDeleteObject", "StorageList", "StoragePresignDownload",
                "StoragePresignUpload", "UploadsGet", "UploadsList", "UploadsSeries",
            ],
            guarded);
    }

    [Fact]
    public void AnEntryPointThatDoesNotExistIsAnError() =>
        Assert.Throws<InvalidOperationException>(() => AccessTokenRequiredAttribute.IsRequiredFor("Bench.Functions.Functions.AuthFunctions.NoSuchMethod"));
}
