using System.Security.Claims;
using Bench.Functions.Auth;
using Bench.Functions.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Npgsql;

namespace Bench.Functions.Functions;

/// <summary>
/// <c>GET /uploads</c>, <c>GET /uploads/{id}</c> and <c>GET /uploads/{id}/series</c>: the caller's uploads, one
/// analysis of one object version each (the per-file view; Slurm jobs are under <c>/jobs</c>).
/// Another user's upload answers 404, exactly like one that does not exist.
/// </summary>
[AccessTokenRequired]
internal sealed class UploadsFunctions(JobStore store, JobResultsReader results)
{
    public const int DefaultPageSize = 50;
    public const int DefaultPoints = 200;
    public const int MaxPoints = 10_000;

    /// <summary>The caller's uploads, newest first, a page at a time (?limit=1-1000, ?cursor=).</summary>
    [Function("UploadsList")]
    public async Task<Results<Ok<UploadListResponse>, ProblemHttpResult>> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "uploads")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (!QueryValues.TryOptionalNumber(request, "limit", DefaultPageSize, 1, 1000, out var pageSize, out var problem))
        {
            return problem;
        }

        string? cursor = request.Query["cursor"];
        JobCursor? after = null;
        if (!string.IsNullOrEmpty(cursor) && (after = JobCursor.Decode(cursor)) is null)
        {
            return Problems.BadRequest("cursor is not a cursor from a previous page of this listing.");
        }

        var jobs = await store.ListAsync(request.HttpContext.User.Identity!.Name!, pageSize + 1, after, cancellationToken).ConfigureAwait(false);
        var page = jobs.Take(pageSize).ToList();
        var next = jobs.Count > pageSize ? new JobCursor(page[^1].CreatedAt, page[^1].Id).Encode() : null;
        return TypedResults.Ok(new UploadListResponse([.. page.Select(j => j.ToResponse())], next));
    }

    /// <summary>One upload: state, attempts, error, timings and, once succeeded, the figures of analyze --json.</summary>
    [Function("UploadsGet")]
    public async Task<Results<Ok<UploadDetailResponse>, ProblemHttpResult>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "uploads/{id}")] HttpRequest request, FunctionContext context, CancellationToken cancellationToken)
    {
        var id = QueryValues.Route(request, context, "id");
        var job = await FindAsync(id, request.HttpContext.User, store, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return NotFound(id);
        }

        var newer = await results.SupersededByAsync(job, cancellationToken).ConfigureAwait(false);
        var summary = job.State == JobStates.Succeeded && newer is null
            ? await results.ReadSummaryAsync(job, cancellationToken).ConfigureAwait(false)
            : null;
        return TypedResults.Ok(job.ToDetail(newer, summary));
    }

    /// <summary>Per node power and cumulative energy over time, downsampled for plotting (?points=2-10000).</summary>
    [Function("UploadsSeries")]
    public async Task<Results<Ok<UploadSeriesResponse>, ProblemHttpResult>> SeriesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "uploads/{id}/series")] HttpRequest request, FunctionContext context, CancellationToken cancellationToken)
    {
        var id = QueryValues.Route(request, context, "id");
        if (!QueryValues.TryOptionalNumber(request, "points", DefaultPoints, 2, MaxPoints, out var count, out var problem))
        {
            return problem;
        }

        var job = await FindAsync(id, request.HttpContext.User, store, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return NotFound(id);
        }

        if (job.State != JobStates.Succeeded || job.TableName is null)
        {
            return Problems.Conflict($"Upload {job.Id} is {job.State}; its series exists once it has succeeded.");
        }

        if (await results.SupersededByAsync(job, cancellationToken).ConfigureAwait(false) is { } newer)
        {
            return Problems.Conflict($"{job.ObjectKey} was analysed again by upload {newer}; its series replaced this job's.");
        }

        try
        {
            var (bucketSeconds, nodes) = await results.ReadSeriesAsync(job.TableName, count, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new UploadSeriesResponse(job.Id, job.TableName, count, bucketSeconds, nodes));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return Problems.Conflict($"The results table {job.TableName} of upload {job.Id} no longer exists.");
        }
    }

    private static async Task<AnalysisJob?> FindAsync(string id, ClaimsPrincipal user, JobStore store, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var jobId) ? await store.GetAsync(jobId, user.Identity!.Name!, cancellationToken).ConfigureAwait(false) : null;

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"You have no upload '{id}'.");
}
