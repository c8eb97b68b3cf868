using Bench.Functions.Auth;
using Microsoft.Azure.Functions.Worker;

namespace Bench.Functions.Hosting.Middleware;

/// <summary>The worker's middleware for HTTP functions, outermost first; timer invocations pass straight through.</summary>
internal static class WorkerMiddleware
{
    public static IFunctionsWorkerApplicationBuilder UseBenchMiddleware(this IFunctionsWorkerApplicationBuilder app)
    {
        app.UseWhen<RequestLogging>(IsHttp);
        app.UseWhen<ErrorHandling>(IsHttp);
        app.UseWhen<BodyLimit>(IsHttp);
        app.UseWhen<BearerAuthentication>(context => IsHttp(context) && AccessTokenRequiredAttribute.IsRequiredFor(context));
        return app;
    }

    private static bool IsHttp(FunctionContext context) =>
        context.FunctionDefinition.InputBindings.Values.Any(b => b.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase));
}
