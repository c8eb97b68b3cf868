using Bench.Functions.Auth;
using Bench.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Bench.Functions.Functions;

/// <summary>Wire form of a listing: <c>{"objects":[{key,size,last_modified}], "next_cursor": ...}</c>.</summary>
public sealed record ObjectListResponse(IReadOnlyList<StoredObject> Objects, string? NextCursor);

/// <summary>
/// Presigned upload/download URLs and listings under the caller's own prefix, at <c>/storage/...</c>
/// and the <c>/files/...</c> aliases. Every function needs an access token.
/// </summary>
[AccessTokenRequired]
internal sealed class StorageFunctions(StorageService storage)
{
    /// <summary>
    /// A presigned PUT URL for &lt;username&gt;/&lt;sanitized object_name&gt;, with the optional
    /// benchmark_name and cluster signed in as headers the client sends with its PUT.
    /// </summary>
    [Function("StoragePresignUpload")]
    public Results<Ok<PresignedUpload>, ProblemHttpResult> StoragePresignUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "storage/presign/upload")] HttpRequest request) =>
        PresignUpload(request);

    [Function("FilesPresignUpload")]
    public Results<Ok<PresignedUpload>, ProblemHttpResult> FilesPresignUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "files/presign/upload")] HttpRequest request) =>
        PresignUpload(request);

    /// <summary>A presigned GET URL for &lt;username&gt;/&lt;sanitized object_name&gt;.</summary>
    [Function("StoragePresignDownload")]
    public Results<Ok<PresignedUrl>, ProblemHttpResult> StoragePresignDownload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "storage/presign/download")] HttpRequest request) =>
        PresignDownload(request);

    [Function("FilesPresignDownload")]
    public Results<Ok<PresignedUrl>, ProblemHttpResult> FilesPresignDownload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "files/presign/download")] HttpRequest request) =>
        PresignDownload(request);

    /// <summary>
    /// The caller's objects in key order: all of them in one streamed answer without ?limit, else a page
    /// at a time (?limit=1-1000, ?cursor=).
    /// </summary>
    [Function("StorageList")]
    public Task<Results<Ok<ObjectListResponse>, StreamedObjectList, ProblemHttpResult>> StorageListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "storage/list")] HttpRequest request, CancellationToken cancellationToken) =>
        ListAsync(request, cancellationToken);

    [Function("FilesList")]
    public Task<Results<Ok<ObjectListResponse>, StreamedObjectList, ProblemHttpResult>> FilesListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "files/list")] HttpRequest request, CancellationToken cancellationToken) =>
        ListAsync(request, cancellationToken);

    private Results<Ok<PresignedUpload>, ProblemHttpResult> PresignUpload(HttpRequest request)
    {
        var name = ObjectNames.Sanitize(request.Query["object_name"], out var error);
        if (name is null || !TryOptionalName(request, "benchmark_name", out var benchmark, ref error) || !TryOptionalName(request, "cluster", out var cluster, ref error))
        {
            return Problems.BadRequest(error!);
        }

        return TypedResults.Ok(storage.PresignUpload(request.HttpContext.User.Identity!.Name!, name, new UploadMetadata(benchmark, cluster)));
    }

    private Results<Ok<PresignedUrl>, ProblemHttpResult> PresignDownload(HttpRequest request)
    {
        var name = ObjectNames.Sanitize(request.Query["object_name"], out var error);
        return name is null
            ? Problems.BadRequest(error!)
            : TypedResults.Ok(storage.PresignDownload(request.HttpContext.User.Identity!.Name!, name));
    }

    // Absent or empty is "none" (a client with no benchmark may still send benchmark_name=);
    // otherwise it follows the object-name rules.
    private static bool TryOptionalName(HttpRequest request, string parameter, out string? value, ref string? error)
    {
        value = null;
        if (!request.Query.TryGetValue(parameter, out var given) || string.IsNullOrWhiteSpace(given))
        {
            return true;
        }

        value = ObjectNames.Sanitize(given, parameter, out error);
        return value is not null;
    }

    private async Task<Results<Ok<ObjectListResponse>, StreamedObjectList, ProblemHttpResult>> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var username = request.HttpContext.User.Identity!.Name!;
        string? limit = request.Query["limit"];
        string? cursor = request.Query["cursor"];
        // Without ?limit every object is streamed; the page size is then unused.
        if (!QueryValues.TryOptionalNumber(request, "limit", 0, 1, 1000, out var pageSize, out var problem))
        {
            return problem;
        }

        string? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = storage.DecodeCursor(username, cursor);
            if (after is null)
            {
                return Problems.BadRequest("cursor is not a cursor from a previous page of this listing.");
            }
        }

        if (limit is null)
        {
            // The Python contract: no limit, every object (after the cursor, if one is given) in one answer.
            return new StreamedObjectList(storage.ListAllAsync(username, after, cancellationToken));
        }

        var page = await storage.ListAsync(username, pageSize, after, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ObjectListResponse(page.Objects, page.NextCursor));
    }
}
