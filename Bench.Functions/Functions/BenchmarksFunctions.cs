using Bench.Functions.Auth;
using Bench.Functions.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Bench.Functions.Functions;

/// <summary>
/// <c>/benchmarks</c>: the caller's Slurm jobs grouped by the benchmark they ran (object metadata, else the
/// name before <c>_job_&lt;id&gt;_</c>). Names are case-sensitive.
/// </summary>
[AccessTokenRequired]
internal sealed class BenchmarksFunctions(SlurmJobReader jobs)
{
    /// <summary>Every benchmark of the caller with its run count and latest run.</summary>
    [Function("BenchmarksList")]
    public async Task<Ok<BenchmarkListResponse>> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "benchmarks")] HttpRequest request, CancellationToken cancellationToken)
    {
        var found = await jobs.BenchmarksAsync(request.HttpContext.User.Identity!.Name!, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new BenchmarkListResponse([.. found.Select(b => new BenchmarkSummary(b.Name, b.Runs, b.Latest.ToResponse()))]));
    }

    /// <summary>The runs of one benchmark, newest first, a page at a time (?limit=1-1000, ?cursor=).</summary>
    [Function("BenchmarkRuns")]
    public async Task<Results<Ok<BenchmarkRunsResponse>, ProblemHttpResult>> RunsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "benchmarks/{name}/runs")] HttpRequest request, FunctionContext context, CancellationToken cancellationToken)
    {
        var name = QueryValues.Route(request, context, "name");
        if (!QueryValues.TryOptionalNumber(request, "limit", JobsFunctions.DefaultPageSize, 1, JobsFunctions.MaxPageSize, out var pageSize, out var problem))
        {
            return problem;
        }

        string? cursor = request.Query["cursor"];
        JobCursor? after = null;
        if (!string.IsNullOrEmpty(cursor) && (after = JobCursor.Decode(cursor)) is null)
        {
            return Problems.BadRequest("cursor is not a cursor from a previous page of this listing.");
        }

        if (name.Length == 0 || name.Any(char.IsControl))
        {
            return Problems.NotFound($"You have no runs of benchmark '{name}'.");
        }

        var found = await jobs.RunsAsync(request.HttpContext.User.Identity!.Name!, name, pageSize + 1, after, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0 && after is null)
        {
            return Problems.NotFound($"You have no runs of benchmark '{name}'.");
        }

        var page = found.Take(pageSize).ToList();
        var next = found.Count > pageSize ? new JobCursor(page[^1].CreatedAt, page[^1].StatusId).Encode() : null;
        return TypedResults.Ok(new BenchmarkRunsResponse([.. page.Select(j => j.ToResponse())], next));
    }
}
