using Bench.Functions.Auth;
using Bench.Functions.Jobs;
using Bench.Functions.Options;
using Bench.Pipeline.Compare;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bench.Functions.Functions;

/// <summary>
/// <c>/jobs</c>: the caller's Slurm jobs (owner + cluster + Slurm job id), each assembled from all its
/// uploads. <c>{id}</c> is the Slurm job id, with <c>@cluster</c> when the uploads named one. Another
/// user's job answers 404, exactly like a job that does not exist.
/// </summary>
[AccessTokenRequired]
internal sealed class JobsFunctions(SlurmJobReader jobs, SlurmJobChangeReader changes, JobResultsReader results, JobSeriesStore storedSeries, ResultDeletion deletion, IOptions<AssemblyOptions> options)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    /// <summary>
    /// The caller's Slurm jobs, newest updated first, a page at a time (?limit=1-1000, ?cursor=), with
    /// next_since; or with ?since= the jobs changed since that token, oldest change first, and tombstones.
    /// </summary>
    [Function("JobsList")]
    public async Task<Results<Ok<SlurmJobListResponse>, Ok<SlurmJobChangesResponse>, ProblemHttpResult>> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs")] HttpRequest request, CancellationToken cancellationToken)
    {
        var owner = request.HttpContext.User.Identity!.Name!;
        if (!QueryValues.TryOptionalNumber(request, "limit", DefaultPageSize, 1, MaxPageSize, out var pageSize, out var problem))
        {
            return problem;
        }

        string? since = request.Query["since"];
        if (since is not null)
        {
            if (!string.IsNullOrEmpty(request.Query["cursor"]))
            {
                return Problems.BadRequest("since and cursor cannot be combined: poll with since alone.");
            }

            if (SinceToken.Decode(since) is not { } position)
            {
                return Problems.BadRequest("since is not a next_since token from a previous answer of GET /jobs.");
            }

            var set = await changes.ChangesAsync(owner, position, pageSize, options.Value.SettleWindow, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new SlurmJobChangesResponse(
                [.. set.Jobs.Select(j => j.ToResponse())], [.. set.DeletedIds.Select(id => new DeletedJob(id))], SinceToken.Encode(set.NextPosition)));
        }

        string? cursor = request.Query["cursor"];
        JobCursor? after = null;
        if (!string.IsNullOrEmpty(cursor) && (after = JobCursor.Decode(cursor)) is null)
        {
            return Problems.BadRequest("cursor is not a cursor from a previous page of this listing.");
        }

        // Read the position first: whatever changes after it, the next poll returns.
        var next = await changes.SafePositionAsync(cancellationToken).ConfigureAwait(false);
        var found = await jobs.ListAsync(owner, pageSize + 1, after, cancellationToken).ConfigureAwait(false);
        var page = found.Take(pageSize).ToList();
        var nextCursor = found.Count > pageSize ? new JobCursor(page[^1].UpdatedAt, page[^1].StatusId).Encode() : null;
        return TypedResults.Ok(new SlurmJobListResponse([.. page.Select(j => j.ToResponse())], nextCursor, SinceToken.Encode(next)));
    }

    /// <summary>One Slurm job: its state, figures, per node and per step figures, warnings and uploads.</summary>
    [Function("JobsGet")]
    public async Task<Results<Ok<SlurmJobDetailResponse>, ProblemHttpResult>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs/{id}")] HttpRequest request, FunctionContext context, CancellationToken cancellationToken)
    {
        var id = QueryValues.Route(request, context, "id");
        if (await FindAsync(request, id, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return NotFound(id);
        }

        var breakdown = await jobs.BreakdownAsync(job, cancellationToken).ConfigureAwait(false);
        var uploads = await jobs.UploadsAsync(job, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(job.ToDetail(breakdown.PerNode, breakdown.PerStep, breakdown.Warnings, uploads));
    }

    /// <summary>Per node power, cumulative energy and cost, and price, downsampled for plotting (?points=2-10000): from the series stored at assembly when it is fine enough, else from the timeline.</summary>
    [Function("JobsSeries")]
    public async Task<Results<Ok<SlurmJobSeriesResponse>, ProblemHttpResult>> SeriesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs/{id}/series")] HttpRequest request, FunctionContext context, CancellationToken cancellationToken)
    {
        var id = QueryValues.Route(request, context, "id");
        if (!QueryValues.TryOptionalNumber(request, "points", UploadsFunctions.DefaultPoints, 2, UploadsFunctions.MaxPoints, out var count, out var problem))
        {
            return problem;
        }

        if (await FindAsync(request, id, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return NotFound(id);
        }

        if (job.TableName is null)
        {
            return Problems.Conflict($"Job {job.ApiId} is {job.State} and has not been assembled yet; its series exists after the first assembly.");
        }

        // The series stored at assembly answers any resolution up to its own without touching the timeline.
        if (await storedSeries.ReadAsync(job.JobKey, count, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return TypedResults.Ok(new SlurmJobSeriesResponse(job.ApiId, job.TableName, count, stored.BucketSeconds, stored.Nodes));
        }

        try
        {
            var (bucketSeconds, nodes) = await results.ReadSeriesAsync(job.TableName, count, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new SlurmJobSeriesResponse(job.ApiId, job.TableName, count, bucketSeconds, nodes));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return Problems.Conflict($"The timeline table {job.TableName} of job {job.ApiId} no longer exists; the job is being assembled again.");
        }
    }

    /// <summary>Job {id} against job {other}: deltas are {id} minus {other}, absolute and in percent of {other}, and a sentence.</summary>
    [Function("JobsCompare")]
    public async Task<Results<Ok<JobComparisonResponse>, ProblemHttpResult>> CompareAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs/{id}/compare/{other}")] HttpRequest request, FunctionContext context, CancellationToken cancellationToken)
    {
        var id = QueryValues.Route(request, context, "id");
        var otherId = QueryValues.Route(request, context, "other");
        if (await FindAsync(request, id, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return NotFound(id);
        }

        if (await FindAsync(request, otherId, cancellationToken).ConfigureAwait(false) is not { } other)
        {
            return NotFound(otherId);
        }

        var comparison = RunComparison.Compare(job.ToFigures(), other.ToFigures());
        return TypedResults.Ok(new JobComparisonResponse(job.ToResponse(), other.ToResponse(), comparison.Deltas, comparison.Sentence, comparison.PipelineVersionsDiffer));
    }

    /// <summary>Deletes the job: its results, its uploads' objects and their results; ?since= pollers see a tombstone.</summary>
    [Function("JobsDelete")]
    public async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "jobs/{id}")] HttpRequest request, FunctionContext context, CancellationToken cancellationToken)
    {
        var id = QueryValues.Route(request, context, "id");
        if (!SlurmJobIds.TryParse(id, out var slurmJobId, out var cluster)
            || !await deletion.DeleteJobAsync(request.HttpContext.User.Identity!.Name!, cluster, slurmJobId, cancellationToken).ConfigureAwait(false))
        {
            return NotFound(id);
        }

        return TypedResults.NoContent();
    }

    private async Task<SlurmJobRecord?> FindAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        SlurmJobIds.TryParse(id, out var slurmJobId, out var cluster)
            ? await jobs.GetAsync(request.HttpContext.User.Identity!.Name!, cluster, slurmJobId, cancellationToken).ConfigureAwait(false)
            : null;

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"You have no job '{id}'.");
}
