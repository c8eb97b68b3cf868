using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Bench.Functions.Functions;

/// <summary>
/// Fallback: every path and method no other function takes (a catch-all route has the lowest
/// precedence), so unknown paths answer 404 and wrong methods 405 with problem bodies like every other
/// error, not the host's bare 404.
/// </summary>
internal sealed class FallbackFunctions
{
    [Function("Fallback")]
    public ProblemHttpResult Fallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = "{*path}")] HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        var allowed = HttpRouteTable.MethodsAt(path);
        if (allowed.Count == 0)
        {
            return Problems.NotFound($"Nothing answers {path}.");
        }

        request.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        return Problems.Of(StatusCodes.Status405MethodNotAllowed, "Method Not Allowed", $"{path} takes {string.Join(" or ", allowed)}, not {request.Method}.");
    }
}
