using Bench.Functions.Auth;
using Bench.Functions.Data;
using Bench.Functions.Functions;
using Bench.Functions.Options;
using Bench.Functions.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bench.Functions.Hosting;

/// <summary>
/// Builds the function app: one ASP.NET Core app that serves the HTTP functions under the Azure
/// Functions host (custom handler, FUNCTIONS_CUSTOMHANDLER_PORT) or on its own (serve --urls).
/// Settings are read by their environment-variable names.
/// </summary>
internal static class BenchApp
{
    /// <summary>
    /// The app, not yet started. <paramref name="configure"/> runs after the defaults and before the
    /// listen address is settled, so tests can inject configuration (keys are env-var names) and urls.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, ServeRole role = ServeRole.All)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        ConfigureLogging(builder);
        AddServices(builder.Services);
        configure?.Invoke(builder);

        var port = builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
        if (!string.IsNullOrWhiteSpace(port))
        {
            if (!int.TryParse(port, out var number) || number is < 1 or > 65_535)
            {
                throw new OptionsValidationException("FUNCTIONS_CUSTOMHANDLER_PORT", typeof(int), [$"FUNCTIONS_CUSTOMHANDLER_PORT must be a TCP port (got '{port}')."]);
            }

            // The Functions host forwards to this port on loopback; nothing else should reach it.
            builder.WebHost.UseUrls($"http://127.0.0.1:{number}");
        }

        // Under the Functions host its triggers call POST /AnalyzeObject and /NightlyRescan; on our own we run them.
        builder.Services.AddJobServices(role, standalone: string.IsNullOrWhiteSpace(port));

        var logFile = builder.Configuration["LOG_FILE_PATH"];
        if (!string.IsNullOrWhiteSpace(logFile))
        {
            builder.Logging.AddProvider(new FileLoggerProvider(logFile));
        }

        var app = builder.Build();
        UsePipeline(app);
        if (role is ServeRole.All or ServeRole.Api)
        {
            app.MapRootFunctions();
            app.MapAuthFunctions();
            app.MapStorageFunctions();
            app.MapDocsFunctions();
            app.MapMinioWebhookFunctions();
            app.MapJobsFunctions();
            app.MapNightlyRescanTrigger();
        }
        else
        {
            app.MapHealthFunctions();
        }

        if (role is ServeRole.All or ServeRole.Analysis)
        {
            app.MapAnalyzeObjectTrigger();
        }

        app.MapMetricsFunctions();

        return app;
    }

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        // ASP.NET's own request logs carry full URLs, and /auth/password and /auth/refresh carry
        // secrets in the query: RequestLogging writes the request line without it instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        // A failed start is reported once, plainly, by the command that started the app.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddBenchOptions<JwtOptions>();
        services.AddBenchOptions<PostgresOptions>();
        services.AddBenchOptions<StorageOptions>();
        services.AddBenchOptions<HttpOptions>();
        services.AddBenchOptions<RateLimitOptions>();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString())
            .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
            .Build());
        services.AddSingleton<Migrator>();
        services.AddHostedService<StartupTasks>();

        services.AddSingleton<UserStore>();
        services.AddSingleton<RefreshTokenStore>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<AuthService>();
        services.AddSingleton<S3Clients>();
        services.AddSingleton<StorageService>();

        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddAuthRateLimits();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["request_id"] = context.HttpContext.TraceIdentifier;
            // Minimal APIs answer an oversized body with a bare 413; say what the limit is.
            if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && context.ProblemDetails.Detail is null)
            {
                var limit = context.HttpContext.RequestServices.GetRequiredService<IOptions<HttpOptions>>().Value.MaxBodyBytes;
                context.ProblemDetails.Detail = $"The request body is larger than {limit} bytes.";
            }
        });
        services.AddExceptionHandler<ErrorHandling>();
        // Binding failures throw BadHttpRequestException, which ErrorHandling turns into problem+json.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpOptions>>((kestrel, http) =>
        {
            kestrel.Limits.MaxRequestBodySize = http.Value.MaxBodyBytes;
            // Long enough that an oversized object_name reaches the app and gets a problem body, not a bare 414.
            kestrel.Limits.MaxRequestLineSize = 32 * 1024;
            kestrel.AddServerHeader = false;
        });
    }

    private static void UsePipeline(WebApplication app)
    {
        app.UseMiddleware<RequestLogging>();
        if (app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.TrustForwardedHeaders)
        {
            // Only loopback proxies (the Functions host) are trusted: the ASP.NET default KnownProxies.
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
    }
}
