namespace Bench.Functions.Functions;

/// <summary>
/// Reads a JSON request body as minimal APIs' [FromBody] did: another content type is 415, an empty or
/// <c>null</c> body 400, bad JSON a JsonException (ErrorHandling answers 400 naming the path).
/// </summary>
internal static class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The body must be application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        return await request.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false)
            ?? throw new BadHttpRequestException("A JSON object body is required.", StatusCodes.Status400BadRequest);
    }
}
