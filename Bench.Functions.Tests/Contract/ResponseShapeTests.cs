using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Bench.Functions.Tests.Contract;

/// <summary>The response validator accepts what the contract says and names what breaks it.</summary>
public sealed class ResponseShapeTests
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue ProblemJson = new("application/problem+json");

    private static IReadOnlyList<string> Check(string path, string method, int status, MediaTypeHeaderValue? type, string body) =>
        ResponseShapes.Check(OpenApiContract.Repo, path, method, status, type, body);

    [Fact]
    public void ATokenPairMatchesTheLoginResponse() =>
        Assert.Empty(Check("/auth/login", "POST", 200, Json, """{"access":"a.b.c","refresh":"r"}"""));

    [Fact]
    public void AMissingRequiredPropertyIsNamed()
    {
        var problems = Check("/auth/login", "POST", 200, Json, """{"access":"a.b.c"}""");

        Assert.Contains(problems, p => p.Contains("required", StringComparison.Ordinal) && p.Contains("refresh", StringComparison.Ordinal));
    }

    [Fact]
    public void AWrongTypeDeepInsideIsFoundAtItsLocation()
    {
        var problems = Check("/storage/list", "GET", 200, Json, """{"objects":[{"key":"u/a.h5","size":"12","last_modified":"2026-11-27T10:00:00Z"}],"next_cursor":null}""");

        Assert.Contains(problems, p => p.StartsWith("/objects/0/size", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUploadIdThatIsNotAUuidFailsItsFormat()
    {
        const string job = """{"id":"%ID%","state":"queued","key":"u/a.h5","file_name":"a.h5","etag":"e","origin":"webhook","attempts":0,"error":null,"table_name":null,"created_at":"2026-11-27T10:00:00Z","started_at":null,"finished_at":null,"kind":"profile","benchmark":null,"cluster":"","slurm_job_id":null}""";

        Assert.Empty(Check("/uploads", "GET", 200, Json, """{"jobs":[""" + job.Replace("%ID%", "0b9f2a53-4f0e-4f53-9a55-1f9a8b2f3c10", StringComparison.Ordinal) + """],"next_cursor":null}"""));
        Assert.NotEmpty(Check("/uploads", "GET", 200, Json, """{"jobs":[""" + job.Replace("%ID%", "job-1", StringComparison.Ordinal) + """],"next_cursor":null}"""));
    }

    [Fact]
    public void AProblemMustCarryItsStatusAndTitle()
    {
        Assert.Empty(Check("/jobs/{id}", "GET", 404, ProblemJson, """{"type":"t","title":"Not Found","status":404,"detail":"You have no job 'x'.","request_id":"r","trace_id":"t"}"""));
        Assert.NotEmpty(Check("/jobs/{id}", "GET", 404, ProblemJson, """{"detail":"no status"}"""));
    }

    [Fact]
    public void AValidationProblemNeedsItsErrors()
    {
        Assert.Empty(Check("/auth/register", "POST", 422, ProblemJson, """{"title":"t","status":422,"errors":{"username":["too short"]}}"""));
        Assert.NotEmpty(Check("/auth/register", "POST", 422, ProblemJson, """{"title":"t","status":422}"""));
    }

    [Fact]
    public void AnUndocumentedStatusIsReported() =>
        Assert.Equal(["status 500 is not documented for this operation"], Check("/auth/login", "POST", 500, ProblemJson, "{}"));

    [Fact]
    public void AnUndocumentedMediaTypeIsReported()
    {
        var problems = Check("/auth/login", "POST", 401, Json, """{"title":"Unauthorized","status":401}""");

        Assert.Single(problems);
        Assert.StartsWith("media type application/json is not documented for 401", problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownOperationIsReported() =>
        Assert.Single(Check("/nowhere", "GET", 200, Json, "{}"));

    [Fact]
    public void ATextResponseIsCheckedForItsMediaTypeOnly()
    {
        Assert.Empty(Check("/metrics", "GET", 200, new MediaTypeHeaderValue("text/plain"), "bench_jobs_total 1\n"));
        Assert.NotEmpty(Check("/metrics", "GET", 200, Json, "{}"));
    }

    [Fact]
    public void SchemasFromTheComponentsResolveInAStandaloneValidation()
    {
        var schema = JsonNode.Parse("""{"$ref":"#/components/schemas/PresignedUrl"}""")!;

        Assert.Empty(ResponseShapes.Validate(OpenApiContract.Repo, schema, """{"key":"u/a.h5","url":"http://s3/u/a.h5?X-Amz-Signature=1","expires_in":3600}"""));
        Assert.NotEmpty(ResponseShapes.Validate(OpenApiContract.Repo, schema, """{"key":"u/a.h5","url":"http://s3/u/a.h5","expires_in":1.5}"""));
    }
}
