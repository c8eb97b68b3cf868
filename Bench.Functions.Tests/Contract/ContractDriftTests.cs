namespace Bench.Functions.Tests.Contract;

/// <summary>openapi.json and the worker's functions describe the same API: routes, methods, auth levels.</summary>
public sealed class ContractDriftTests
{
    private static readonly ContractOperation[] Operations =
    [
        new("/jobs/{id}", "GET", "JobsGet", "anonymous"),
        new("/docs/{path}", "GET", "ApiDocs", "anonymous"),
        new("/auth/login", "POST", "AuthLogin", "anonymous"),
    ];

    private static readonly HttpFunction[] Functions =
    [
        new("JobsGet", "jobs/{id:guid}", ["GET"], "Anonymous"),
        new("ApiDocs", "docs/{*path}", ["GET"], "Anonymous"),
        new("AuthLogin", "auth/login", ["POST"], "Anonymous"),
    ];

    [Fact]
    public void EveryOperationIsAFunctionAndEveryHttpFunctionIsAnOperation()
    {
        var metadata = HttpTriggers.Locate();
        var functions = HttpTriggers.Load(metadata);
        var prefix = ContractDrift.RoutePrefix(File.ReadAllText(Path.Combine(RepoRoot.Path, "host.json")));

        var drift = ContractDrift.Find(OpenApiContract.Repo.Operations, functions, prefix, [.. OpenApiContract.Repo.NotOperations.Keys]);

        Assert.True(drift.Count == 0, $"openapi.json and {metadata} disagree:\n  " + string.Join("\n  ", drift));
        Assert.Contains(functions, f => f.Name == "AuthLogin");
    }

    [Fact]
    public void MatchingOperationsAndFunctionsShowNoDrift() =>
        Assert.Empty(ContractDrift.Find(Operations, Functions, ""));

    [Fact]
    public void AFunctionWhoseRouteMovedIsReportedBothWays()
    {
        var drift = ContractDrift.Find(Operations, With(0, Functions[0] with { Route = "job/{id}" }), "");

        Assert.Equal(2, drift.Count);
        Assert.Contains(drift, d => d.StartsWith("GET /jobs/{id} (JobsGet): no function serves this path", StringComparison.Ordinal));
        Assert.Contains(drift, d => d.StartsWith("GET /job/{id} (function JobsGet", StringComparison.Ordinal) && d.EndsWith("not in openapi.json", StringComparison.Ordinal));
    }

    [Fact]
    public void AFunctionWhoseMethodChangedIsReported()
    {
        var drift = ContractDrift.Find(Operations, With(2, Functions[2] with { Methods = ["PUT"] }), "");

        Assert.Contains("POST /auth/login (AuthLogin): the function at that path takes PUT, not POST", drift);
        Assert.Contains(drift, d => d.StartsWith("PUT /auth/login", StringComparison.Ordinal));
    }

    [Fact]
    public void AFunctionWhoseAuthLevelChangedIsReported()
    {
        var drift = ContractDrift.Find(Operations, With(1, Functions[1] with { AuthLevel = "Function" }), "");

        Assert.Equal(["GET /docs/{path} (ApiDocs): auth level Function in the function, anonymous in x-functions-auth-level"], drift);
    }

    [Fact]
    public void AFunctionNamedOtherThanTheOperationIdIsReported()
    {
        var drift = ContractDrift.Find(Operations, With(2, Functions[2] with { Name = "Login" }), "");

        Assert.Equal(["POST /auth/login: operationId AuthLogin but the function is Login"], drift);
    }

    [Fact]
    public void AnUndocumentedFunctionAndAnOperationWithoutFunctionAreReported()
    {
        var drift = ContractDrift.Find(Operations[..2], [.. Functions, new("Extra", "extra", ["GET"], "Anonymous")], "");

        Assert.Equal(2, drift.Count);
        Assert.Contains(drift, d => d.StartsWith("POST /auth/login (function AuthLogin", StringComparison.Ordinal));
        Assert.Contains(drift, d => d.StartsWith("GET /extra (function Extra", StringComparison.Ordinal));
    }

    [Fact]
    public void AFunctionLeftOutOnPurposeMustExistAndIsNotReported()
    {
        HttpFunction fallback = new("Fallback", "{*path}", ["GET", "POST"], "Anonymous");

        Assert.Equal(2, ContractDrift.Find(Operations, [.. Functions, fallback], "").Count);
        Assert.Empty(ContractDrift.Find(Operations, [.. Functions, fallback], "", ["Fallback"]));
        Assert.Equal(["Gone is listed under x-functions-not-operations but is no HTTP function"], ContractDrift.Find(Operations, Functions, "", ["Gone"]));
    }

    [Fact]
    public void TheHostsRoutePrefixIsPartOfEveryPath()
    {
        var drift = ContractDrift.Find(Operations, Functions, "api");

        Assert.Contains(drift, d => d.StartsWith("GET /api/jobs/{id} (function JobsGet", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "jobs/{id:guid}/series", "/jobs/{id}/series")]
    [InlineData("", "docs/{*path}", "/docs/{path}")]
    [InlineData("api", "auth/login", "/api/auth/login")]
    [InlineData("/api/", "/", "/api")]
    [InlineData("", "", "/")]
    [InlineData("", "items/{n:int}", "/items/{n}")]
    [InlineData("", "{ignored:maxlength(0)?}", "/")]
    public void RoutesBecomeOpenApiPaths(string prefix, string route, string path) =>
        Assert.Equal(path, ContractDrift.OpenApiPath(prefix, route));

    [Theory]
    [InlineData("""{"extensions":{"http":{"routePrefix":""}}}""", "")]
    [InlineData("""{"extensions":{"http":{"routePrefix":"v1"}}}""", "v1")]
    [InlineData("""{"version":"2.0"}""", "api")]
    public void TheRoutePrefixComesFromHostJsonWithTheHostsDefault(string hostJson, string prefix) =>
        Assert.Equal(prefix, ContractDrift.RoutePrefix(hostJson));

    [Fact]
    public void FunctionsMetadataYieldsTheHttpTriggersOnly()
    {
        const string json = """
            [
              {"name":"JobsGet","scriptFile":"Bench.Functions.dll","bindings":[
                {"name":"request","direction":"In","type":"httpTrigger","authLevel":"Anonymous","methods":["get"],"route":"jobs/{id}"},
                {"name":"$return","direction":"Out","type":"http"}]},
              {"name":"NightlyRescan","bindings":[{"name":"timer","direction":"In","type":"timerTrigger","schedule":"%BENCH_RESCAN_SCHEDULE%"}]},
              {"name":"Anything","bindings":[{"name":"r","direction":"In","type":"HttpTrigger","authLevel":"Function"}]}
            ]
            """;

        var functions = HttpTriggers.Parse(json, "test");

        Assert.Equal(2, functions.Count);
        Assert.Equal(new HttpFunction("JobsGet", "jobs/{id}", functions[0].Methods, "Anonymous"), functions[0]);
        Assert.Equal(["GET"], functions[0].Methods);
        // No route: the host serves the function's name; no methods: every method.
        Assert.Equal("Anything", functions[1].Route);
        Assert.Empty(functions[1].Methods);
    }

    private static HttpFunction[] With(int index, HttpFunction replacement)
    {
        var copy = Functions.ToArray();
        copy[index] = replacement;
        return copy;
    }
}
