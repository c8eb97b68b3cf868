using System.Net;
using Bench.FunctionsHost.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace Bench.FunctionsHost;

/// <summary>
/// The host's public HTTP side: routes requests to HTTP functions by the worker's own route templates
/// (ASP.NET Core routing, as the Functions host uses), sends the invocation over gRPC and forwards the
/// request to the worker's HTTP port with x-ms-invocation-id, relaying the response.
/// </summary>
public sealed class HttpFrontend : IAsyncDisposable
{
    private const string InvocationIdHeader = "x-ms-invocation-id";
    private readonly WebApplication _app;
    private readonly FunctionEndpoints _endpoints = new();
    private volatile HttpMessageInvoker _client = NewClient();

    private volatile bool _ready;

    private HttpFrontend(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> (0: any free port); fails if it is taken.</summary>
    public static async Task<HttpFrontend> StartAsync(int port, CancellationToken cancel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
            // Uploads are the app's to limit (it answers 413 itself), as behind the Functions host.
            kestrel.Limits.MaxRequestBodySize = null;
            // Long request lines (a 10 KB object_name) are the app's to refuse with a problem, not ours with 414.
            kestrel.Limits.MaxRequestLineSize = 64 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 96 * 1024;
        });
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var frontend = new HttpFrontend(app);
        app.UseRouting();
        app.Use(frontend.GateAsync);
        // Endpoints run after the gate (WebApplication appends the endpoint middleware last).
        ((IEndpointRouteBuilder)app).DataSources.Add(frontend._endpoints);
        try
        {
            await app.StartAsync(cancel);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        frontend.BaseAddress = new Uri(app.Urls.First());
        return frontend;
    }

    /// <summary>Serves <paramref name="functions"/>' HTTP triggers, forwarding to the worker; /healthz turns 200.</summary>
    public void Serve(IEnumerable<HostedFunction> functions, string routePrefix, Func<HostedFunction, HttpContext, Task> invoke)
    {
        var endpoints = new List<Endpoint>();
        foreach (var function in functions.Where(f => f.Http is not null))
        {
            var route = routePrefix.Length == 0 ? function.Http!.Route : $"{routePrefix}/{function.Http!.Route.TrimStart('/')}";
            var builder = new RouteEndpointBuilder(context => invoke(function, context), RoutePatternFactory.Parse(route), order: 0)
            {
                DisplayName = function.Name,
            };
            if (function.Http.Methods is { Count: > 0 } methods)
            {
                builder.Metadata.Add(new HttpMethodMetadata(methods));
            }

            endpoints.Add(builder.Build());
        }

        _endpoints.Set(endpoints);
        _ready = true;
    }

    /// <summary>The worker is gone: every request gets 503 again.</summary>
    public void Stop() => _ready = false;

    /// <summary>Forwards the request to the worker, tagged with the invocation it belongs to.</summary>
    public async Task<ForwarderError> ForwardAsync(HttpContext context, Uri workerHttpUri, string invocationId)
    {
        context.Items[InvocationIdHeader] = invocationId;
        var forwarder = context.RequestServices.GetRequiredService<IHttpForwarder>();
        var error = await forwarder.SendAsync(context, workerHttpUri.GetLeftPart(UriPartial.Authority), _client, ForwarderRequestConfig.Empty, InvocationTransformer.Instance);
        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The worker answered before reading a body over its Kestrel limit, so Kestrel drops that
            // connection without saying so; a fresh pool keeps the next request off it. The old pool's
            // idle connections time out on their own (in-flight requests may still be using it).
            _client = NewClient();
        }

        return error;
    }

    private static HttpMessageInvoker NewClient() => new(new RetryingHandler(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    }));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }

    private async Task GateAsync(HttpContext context, RequestDelegate next)
    {
        var isHealth = context.Request.Path.Equals("/healthz", StringComparison.OrdinalIgnoreCase);
        if (!_ready)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync(isHealth ? "functions not loaded yet\n" : "the Functions host is not ready\n");
            return;
        }

        // A function routed at /healthz answers it itself; otherwise the host does.
        if (isHealth && context.GetEndpoint() is null)
        {
            await context.Response.WriteAsync("Healthy\n");
            return;
        }

        await next(context);
    }

    private sealed class InvocationTransformer : HttpTransformer
    {
        public static readonly InvocationTransformer Instance = new();

        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.TryAddWithoutValidation(InvocationIdHeader, (string)httpContext.Items[InvocationIdHeader]!);
        }
    }

    /// <summary>Endpoints set once the worker's metadata is known, after the server is listening.</summary>
    private sealed class FunctionEndpoints : EndpointDataSource
    {
        private IReadOnlyList<Endpoint> _endpoints = [];
        private CancellationTokenSource _changed = new();

        public override IReadOnlyList<Endpoint> Endpoints => _endpoints;

        public override IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

        public void Set(IReadOnlyList<Endpoint> endpoints)
        {
            _endpoints = endpoints;
            var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
            previous.Cancel();
            previous.Dispose();
        }
    }
}
