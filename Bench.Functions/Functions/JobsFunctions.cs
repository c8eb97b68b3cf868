using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using Bench.Functions.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Bench.Functions.Functions;

/// <summary>
/// <c>GET /jobs</c>, <c>GET /jobs/{id}</c> and <c>GET /jobs/{id}/series</c>: the caller's analysis jobs.
/// Another user's job answers 404, exactly like a job that does not exist.
/// </summary>
internal static class JobsFunctions
{
    public const int DefaultPageSize = 50;
    public const int DefaultPoints = 200;
    public const int MaxPoints = 10_000;

    public static IEndpointRouteBuilder MapJobsFunctions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Jobs").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/jobs", ListAsync)
            .WithName("JobsList")
            .WithSummary("The caller's analysis jobs, newest first, a page at a time.");
        group.MapGet("/jobs/{id}", GetAsync)
            .WithName("JobsGet")
            .WithSummary("One job: state, attempts, error, timings and, once succeeded, the figures of analyze --json.");
        group.MapGet("/jobs/{id}/series", SeriesAsync)
            .WithName("JobsSeries")
            .WithSummary("Per node power and cumulative energy over time, downsampled for plotting.");
        return routes;
    }

    private static async Task<Results<Ok<JobListResponse>, ProblemHttpResult>> ListAsync(
        [FromQuery, Description("Page size, 1-1000 (default 50)")] string? limit,
        [FromQuery, Description("next_cursor from the previous page")] string? cursor,
        ClaimsPrincipal user, JobStore store, CancellationToken cancellationToken)
    {
        var pageSize = DefaultPageSize;
        if (limit is not null && !TryParse(limit, 1, 1000, out pageSize))
        {
            return BadRequest("limit must be a whole number from 1 to 1000.");
        }

        JobCursor? after = null;
        if (!string.IsNullOrEmpty(cursor) && (after = JobCursor.Decode(cursor)) is null)
        {
            return BadRequest("cursor is not a cursor from a previous page of this listing.");
        }

        var jobs = await store.ListAsync(user.Identity!.Name!, pageSize + 1, after, cancellationToken).ConfigureAwait(false);
        var page = jobs.Take(pageSize).ToList();
        var next = jobs.Count > pageSize ? new JobCursor(page[^1].CreatedAt, page[^1].Id).Encode() : null;
        return TypedResults.Ok(new JobListResponse([.. page.Select(j => j.ToResponse())], next));
    }

    private static async Task<Results<Ok<JobDetailResponse>, ProblemHttpResult>> GetAsync(
        [Description("Job id")] string id, ClaimsPrincipal user, JobStore store, JobResultsReader results, CancellationToken cancellationToken)
    {
        var job = await FindAsync(id, user, store, cancellationToken).ConfigureAwait(false);
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

    private static async Task<Results<Ok<JobSeriesResponse>, ProblemHttpResult>> SeriesAsync(
        [Description("Job id")] string id,
        [FromQuery, Description("Buckets over the job's time, 2-10000 (default 200)")] string? points,
        ClaimsPrincipal user, JobStore store, JobResultsReader results, CancellationToken cancellationToken)
    {
        var count = DefaultPoints;
        if (points is not null && !TryParse(points, 2, MaxPoints, out count))
        {
            return BadRequest($"points must be a whole number from 2 to {MaxPoints}.");
        }

        var job = await FindAsync(id, user, store, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return NotFound(id);
        }

        if (job.State != JobStates.Succeeded || job.TableName is null)
        {
            return Conflict($"Job {job.Id} is {job.State}; its series exists once it has succeeded.");
        }

        if (await results.SupersededByAsync(job, cancellationToken).ConfigureAwait(false) is { } newer)
        {
            return Conflict($"{job.ObjectKey} was analysed again by job {newer}; its series replaced this job's.");
        }

        try
        {
            var (bucketSeconds, nodes) = await results.ReadSeriesAsync(job.TableName, count, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new JobSeriesResponse(job.Id, job.TableName, count, bucketSeconds, nodes));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return Conflict($"The results table {job.TableName} of job {job.Id} no longer exists.");
        }
    }

    private static async Task<AnalysisJob?> FindAsync(string id, ClaimsPrincipal user, JobStore store, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var jobId) ? await store.GetAsync(jobId, user.Identity!.Name!, cancellationToken).ConfigureAwait(false) : null;

    private static bool TryParse(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"You have no job '{id}'.");

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: detail);
}
