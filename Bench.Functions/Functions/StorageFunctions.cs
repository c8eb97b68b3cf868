using System.Globalization;
using Amazon.S3;
using Bench.Functions.Auth;
using Bench.Functions.Options;
using Bench.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Functions;

/// <summary>Wire form of a listing: <c>{"objects":[{key,size,last_modified}], "next_cursor": ...}</c>.</summary>
public sealed record ObjectListResponse(IReadOnlyList<StoredObject> Objects, string? NextCursor);

/// <summary>
/// Presigned upload/download URLs and listings under the caller's own prefix, at <c>/storage/...</c>
/// and the <c>/files/...</c> aliases. Every function needs an access token.
/// </summary>
[AccessTokenRequired]
internal sealed class StorageFunctions(StorageService storage, IOptions<StorageOptions> options)
{
    /// <summary>A presigned PUT URL for &lt;username&gt;/&lt;sanitized object_name&gt;.</summary>
    [Function("StoragePresignUpload")]
    public Results<Ok<PresignedUrl>, ProblemHttpResult> StoragePresignUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "storage/presign/upload")] HttpRequest request) =>
        Presign(request, HttpVerb.PUT);

    [Function("FilesPresignUpload")]
    public Results<Ok<PresignedUrl>, ProblemHttpResult> FilesPresignUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "files/presign/upload")] HttpRequest request) =>
        Presign(request, HttpVerb.PUT);

    /// <summary>A presigned GET URL for &lt;username&gt;/&lt;sanitized object_name&gt;.</summary>
    [Function("StoragePresignDownload")]
    public Results<Ok<PresignedUrl>, ProblemHttpResult> StoragePresignDownload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "storage/presign/download")] HttpRequest request) =>
        Presign(request, HttpVerb.GET);

    [Function("FilesPresignDownload")]
    public Results<Ok<PresignedUrl>, ProblemHttpResult> FilesPresignDownload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "files/presign/download")] HttpRequest request) =>
        Presign(request, HttpVerb.GET);

    /// <summary>The caller's objects in key order, a page at a time (?limit=1-1000, ?cursor=).</summary>
    [Function("StorageList")]
    public Task<Results<Ok<ObjectListResponse>, ProblemHttpResult>> StorageListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "storage/list")] HttpRequest request, CancellationToken cancellationToken) =>
        ListAsync(request, cancellationToken);

    [Function("FilesList")]
    public Task<Results<Ok<ObjectListResponse>, ProblemHttpResult>> FilesListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "files/list")] HttpRequest request, CancellationToken cancellationToken) =>
        ListAsync(request, cancellationToken);

    private Results<Ok<PresignedUrl>, ProblemHttpResult> Presign(HttpRequest request, HttpVerb verb)
    {
        var name = ObjectNames.Sanitize(request.Query["object_name"], out var error);
        return name is null
            ? Problems.BadRequest(error!)
            : TypedResults.Ok(storage.Presign(request.HttpContext.User.Identity!.Name!, name, verb));
    }

    private async Task<Results<Ok<ObjectListResponse>, ProblemHttpResult>> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var pageSize = options.Value.ListPageSize;
        string? limit = request.Query["limit"];
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > 1000))
        {
            return Problems.BadRequest("limit must be a whole number from 1 to 1000.");
        }

        var username = request.HttpContext.User.Identity!.Name!;
        string? cursor = request.Query["cursor"];
        string? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = storage.DecodeCursor(username, cursor);
            if (after is null)
            {
                return Problems.BadRequest("cursor is not a cursor from a previous page of this listing.");
            }
        }

        var page = await storage.ListAsync(username, pageSize, after, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ObjectListResponse(page.Objects, page.NextCursor));
    }
}
