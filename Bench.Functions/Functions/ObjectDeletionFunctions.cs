using Bench.Functions.Auth;
using Bench.Functions.Jobs;
using Bench.Functions.Options;
using Bench.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Functions;

/// <summary>
/// <c>DELETE /storage/object?object_name=</c> (and <c>/files/object</c>): removes one of the caller's objects
/// (named as for presign), its uploads' results, and assembles its Slurm job again without it.
/// </summary>
[AccessTokenRequired]
internal sealed class ObjectDeletionFunctions(ResultDeletion deletion, StorageService storage, IOptions<StorageOptions> options)
{
    [Function("StorageDeleteObject")]
    public Task<Results<NoContent, ProblemHttpResult>> StorageDeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "storage/object")] HttpRequest request, CancellationToken cancellationToken) =>
        DeleteAsync(request, cancellationToken);

    [Function("FilesDeleteObject")]
    public Task<Results<NoContent, ProblemHttpResult>> FilesDeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "files/object")] HttpRequest request, CancellationToken cancellationToken) =>
        DeleteAsync(request, cancellationToken);

    private async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var name = ObjectNames.Sanitize(request.Query["object_name"], out var error);
        if (name is null)
        {
            return Problems.BadRequest(error!);
        }

        var username = request.HttpContext.User.Identity!.Name!;
        var key = storage.UserPrefix(username) + name;
        return await deletion.DeleteObjectAsync(username, options.Value.Bucket, key, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : Problems.NotFound($"You have no object '{name}'.");
    }
}
