using System.Text.Json;
using Bench.Functions.Hosting.Middleware;
using Microsoft.AspNetCore.Http;

namespace Bench.Functions.Tests.Hosting;

/// <summary>Which status and words an exception turns into; the HTTP tests cover the paths a client can reach.</summary>
public sealed class ErrorClassificationTests
{
    [Fact]
    public void AnUnexpectedExceptionIsA500WithoutItsMessage()
    {
        var (status, title, detail) = ErrorHandling.Classify(new InvalidOperationException("secret internals at line 42"));
        Assert.Equal(500, status);
        Assert.Equal("Internal Server Error", title);
        Assert.Equal("An unexpected error occurred.", detail);
    }

    [Fact]
    public void ABodyTooLargeKeepsItsStatusAndSaysWhy()
    {
        var (status, _, detail) = ErrorHandling.Classify(new BadHttpRequestException("Request body too large. The max request body size is 2048 bytes.", 413));
        Assert.Equal(413, status);
        Assert.Contains("2048", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AJsonErrorInsideABindingFailureIsA400NamingThePath()
    {
        var inner = new JsonException("The JSON value could not be converted.", "$.username", 0, 12);
        var (status, _, detail) = ErrorHandling.Classify(new BadHttpRequestException("Failed to read parameter", 400, inner));
        Assert.Equal(400, status);
        Assert.Equal("The request body is not valid JSON for this operation at $.username.", detail);
    }

    [Fact]
    public void AnUnreachableDependencyIsA503()
    {
        Assert.Equal(503, ErrorHandling.Classify(new Npgsql.NpgsqlException("Failed to connect")).Status);
        Assert.Equal(503, ErrorHandling.Classify(new TimeoutException()).Status);
        Assert.Equal(503, ErrorHandling.Classify(new HttpRequestException("connection refused")).Status);
    }
}
