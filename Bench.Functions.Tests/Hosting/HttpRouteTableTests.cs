using Bench.Functions.Functions;

namespace Bench.Functions.Tests.Hosting;

/// <summary>How the Fallback function tells a wrong method (405) from an unknown path (404).</summary>
public sealed class HttpRouteTableTests
{
    [Theory]
    [InlineData("/auth/login", "POST")]
    [InlineData("/AUTH/Login", "POST")]
    [InlineData("/storage/list", "GET")]
    [InlineData("/jobs/7d3f/series", "GET")]
    [InlineData("/jobs/7d3f", "DELETE,GET")]
    [InlineData("/uploads/7d3f", "GET")]
    [InlineData("/storage/object", "DELETE")]
    [InlineData("/", "GET")]
    [InlineData("/ui", "GET,HEAD")]
    [InlineData("/ui/app.js", "GET,HEAD")]
    [InlineData("/ui/jobs/9799476", "GET,HEAD")]
    [InlineData("/docs", "GET")]
    public void APathOfAFunctionYieldsItsMethods(string path, string methods) =>
        Assert.Equal(methods.Split(','), HttpRouteTable.MethodsAt(path));

    [Theory]
    [InlineData("/api/storage/list")]
    [InlineData("/jobs/7d3f/series/extra")]
    [InlineData("/nothing")]
    public void AnUnknownPathYieldsNoMethods(string path) =>
        Assert.Empty(HttpRouteTable.MethodsAt(path));

    [Fact]
    public void EveryHttpFunctionButTheFallbackIsInTheTable()
    {
        // functions.metadata is what the SDK wrote from the same attributes.
        foreach (var function in FunctionsMetadata.Read().Where(f => f.Trigger == "httpTrigger" && f.Name != "Fallback"))
        {
            var path = "/" + (function.Route!.StartsWith("{ignored", StringComparison.Ordinal) ? "" : function.Route.Replace("{id}", "x", StringComparison.Ordinal));
            Assert.Equal(function.Methods, HttpRouteTable.MethodsAt(path).Intersect(function.Methods));
        }
    }
}
