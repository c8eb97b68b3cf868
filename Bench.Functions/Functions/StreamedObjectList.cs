using System.Text.Json;
using Bench.Functions.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Functions;

/// <summary>
/// The whole listing (<c>{"objects":[...],"next_cursor":null}</c>, the shape of one page), written as S3
/// hands out its pages: memory stays one page whatever the number of objects. The first page is fetched
/// before anything is written, so an unreachable S3 is still a 503 problem; a failure after that cuts
/// the response short (it cannot turn into a status any more).
/// </summary>
internal sealed class StreamedObjectList(IAsyncEnumerable<IReadOnlyList<StoredObject>> pages) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        var more = await enumerator.MoveNextAsync().ConfigureAwait(false);

        var json = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        // Over the response's PipeWriter a flush of the JSON writer only hands bytes to the pipe (no
        // synchronous I/O, which Kestrel refuses); the pipe's own FlushAsync sends them.
        var body = httpContext.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body);
        writer.WriteStartObject();
        writer.WriteStartArray("objects");
        while (more)
        {
            foreach (var stored in enumerator.Current)
            {
                JsonSerializer.Serialize(writer, stored, json);
            }

            // Each page goes out before the next is asked for.
            writer.Flush();
            await body.FlushAsync(cancellationToken).ConfigureAwait(false);
            more = await enumerator.MoveNextAsync().ConfigureAwait(false);
        }

        writer.WriteEndArray();
        writer.WriteNull("next_cursor");
        writer.WriteEndObject();
        writer.Flush();
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
