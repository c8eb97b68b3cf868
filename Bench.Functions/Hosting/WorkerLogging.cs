namespace Bench.Functions.Hosting;

/// <summary>Log filters and the optional LOG_FILE_PATH file, on top of the worker's own providers (they reach the host).</summary>
internal static class WorkerLogging
{
    public static ILoggingBuilder AddBenchLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        // ASP.NET's own request logs carry full URLs, and /auth/password and /auth/refresh carry
        // secrets in the query: RequestLogging writes the request line without it instead.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Npgsql logs every command at Information; under the Functions host each line crosses gRPC.
        logging.AddFilter("Npgsql", LogLevel.Warning);
        // A failed start is reported once, plainly, by WorkerStart.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        var logFile = configuration["LOG_FILE_PATH"];
        if (!string.IsNullOrWhiteSpace(logFile))
        {
            logging.AddProvider(new FileLoggerProvider(logFile));
        }

        return logging;
    }
}
