using Bench.Functions.Auth;
using Bench.Functions.Data;
using Bench.Functions.Options;
using Bench.Functions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bench.Functions.Hosting;

/// <summary>
/// Every service the worker runs, in one method that needs no Functions host: tests build a provider
/// from it to check start-up validation. Settings are read by their environment-variable names.
/// </summary>
internal static class WorkerServices
{
    public static IServiceCollection AddBenchWorker(this IServiceCollection services, IConfiguration configuration)
    {
        // A host registers its configuration already; a bare ServiceCollection (tests) gets this one.
        services.TryAddSingleton(configuration);
        services.AddBenchOptions<WorkerOptions>();
        services.AddBenchOptions<JwtOptions>();
        services.AddBenchOptions<PostgresOptions>();
        services.AddBenchOptions<StorageOptions>();
        services.AddBenchOptions<HttpOptions>();
        services.AddBenchOptions<RateLimitOptions>();
        services.AddBenchOptions<UiOptions>();
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
        services.AddSingleton<AuthRateLimiter>();
        services.AddSingleton<S3Clients>();
        services.AddSingleton<StorageService>();
        services.AddSingleton(sp => new Ui.UiFiles(sp.GetRequiredService<IOptions<UiOptions>>().Value.Directory));

        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["request_id"] = context.HttpContext.TraceIdentifier);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpOptions>>((kestrel, http) =>
        {
            // BodyLimit enforces BENCH_MAX_BODY_BYTES and drains what is over it; Kestrel stops only what is far beyond.
            kestrel.Limits.MaxRequestBodySize = Middleware.BodyLimit.DrainLimit(http.Value.MaxBodyBytes);
            // Long enough that an oversized object_name reaches the app and gets a problem body, not a bare 414.
            kestrel.Limits.MaxRequestLineSize = 32 * 1024;
            kestrel.AddServerHeader = false;
        });
        // The ASP.NET Core integration trusts every X-Forwarded-* hop from loopback; ours takes the client
        // address from the nearest hop only, and only when BENCH_TRUST_FORWARDED_HEADERS says so.
        services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<HttpOptions>>((forwarded, http) =>
        {
            forwarded.ForwardedHeaders = http.Value.TrustForwardedHeaders ? ForwardedHeaders.XForwardedFor : ForwardedHeaders.None;
            forwarded.ForwardLimit = 1;
        });

        services.AddSlurmJobApi();
        return services.AddJobServices(configuration);
    }
}
