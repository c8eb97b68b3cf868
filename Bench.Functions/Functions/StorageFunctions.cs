using System.ComponentModel;
using System.Security.Claims;
using Amazon.S3;
using Bench.Functions.Options;
using Bench.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Functions;

/// <summary>Wire form of a listing: <c>{"objects":[{key,size,last_modified}], "next_cursor": ...}</c>.</summary>
public sealed record ObjectListResponse(IReadOnlyList<StoredObject> Objects, string? NextCursor);

/// <summary>
/// Presigned upload/download URLs and listings under the caller's own prefix, at <c>/storage/...</c>
/// and the <c>/files/...</c> aliases. Every route needs an access token.
/// </summary>
internal static class StorageFunctions
{
    public static IEndpointRouteBuilder MapStorageFunctions(this IEndpointRouteBuilder routes)
    {
        MapGroup(routes, "/storage", "Storage");
        MapGroup(routes, "/files", "Files");
        return routes;
    }

    private static void MapGroup(IEndpointRouteBuilder routes, string prefix, string namePrefix)
    {
        var group = routes.MapGroup(prefix).WithTags("Storage").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/presign/upload", PresignUpload)
            .WithName(namePrefix + "PresignUpload")
            .WithSummary("A presigned PUT URL for <username>/<sanitized object_name>.");
        group.MapGet("/presign/download", PresignDownload)
            .WithName(namePrefix + "PresignDownload")
            .WithSummary("A presigned GET URL for <username>/<sanitized object_name>.");
        group.MapGet("/list", ListAsync)
            .WithName(namePrefix + "List")
            .WithSummary("The caller's objects in key order, a page at a time.");
    }

    private static Results<Ok<PresignedUrl>, ProblemHttpResult> PresignUpload(
        [FromQuery(Name = "object_name"), Description("Object name; characters outside A-Z a-z 0-9 . _ - become _")] string? objectName,
        ClaimsPrincipal user, StorageService storage) =>
        Presign(objectName, user, storage, HttpVerb.PUT);

    private static Results<Ok<PresignedUrl>, ProblemHttpResult> PresignDownload(
        [FromQuery(Name = "object_name"), Description("Object name, as given at upload")] string? objectName,
        ClaimsPrincipal user, StorageService storage) =>
        Presign(objectName, user, storage, HttpVerb.GET);

    private static Results<Ok<PresignedUrl>, ProblemHttpResult> Presign(string? objectName, ClaimsPrincipal user, StorageService storage, HttpVerb verb)
    {
        var name = ObjectNames.Sanitize(objectName, out var error);
        return name is null
            ? BadRequest(error!)
            : TypedResults.Ok(storage.Presign(user.Identity!.Name!, name, verb));
    }

    private static async Task<Results<Ok<ObjectListResponse>, ProblemHttpResult>> ListAsync(
        [FromQuery, Description("Page size, 1-1000 (default BENCH_LIST_PAGE_SIZE)")] string? limit,
        [FromQuery, Description("next_cursor from the previous page")] string? cursor,
        ClaimsPrincipal user, StorageService storage, IOptions<StorageOptions> options, CancellationToken cancellationToken)
    {
        var pageSize = options.Value.ListPageSize;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > 1000))
        {
            return BadRequest("limit must be a whole number from 1 to 1000.");
        }

        var username = user.Identity!.Name!;
        string? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = storage.DecodeCursor(username, cursor);
            if (after is null)
            {
                return BadRequest("cursor is not a cursor from a previous page of this listing.");
            }
        }

        var page = await storage.ListAsync(username, pageSize, after, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ObjectListResponse(page.Objects, page.NextCursor));
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: detail);
}
