namespace Bench.Functions.Tests.Infrastructure;

/// <summary>
/// Where the test servers started by scripts/services.sh listen, read from the BENCH_TEST_* variables
/// that scripts/test.sh exports. When a variable is missing (a test run from an IDE, or a plain
/// `dotnet test` after `scripts/services.sh start`), the env file in the state dir is read instead.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> EnvFile = new(ReadEnvFile);

    /// <summary>Npgsql connection string of the test cluster's default database (a superuser).</summary>
    public static string PostgresConnectionString => Require("BENCH_TEST_POSTGRES");

    /// <summary>amqp://user:pass@127.0.0.1:port/ of the test RabbitMQ node.</summary>
    public static Uri AmqpUri => new(Require("BENCH_TEST_AMQP"));

    /// <summary>http://127.0.0.1:port of the S3 API (Swift s3api).</summary>
    public static Uri S3Endpoint => new(Require("BENCH_TEST_S3_ENDPOINT"));

    public static string S3AccessKey => Require("BENCH_TEST_S3_ACCESS_KEY");

    public static string S3SecretKey => Require("BENCH_TEST_S3_SECRET_KEY");

    public static string S3Region => Require("BENCH_TEST_S3_REGION");

    /// <summary>Absolute path of scripts/services.sh, for tests that restart a server.</summary>
    public static string ServicesScript => Require("BENCH_TEST_SERVICES");

    /// <summary>The state dir the servers keep their data, logs and env file in.</summary>
    public static string StateDir => Require("BENCH_TEST_STATE_DIR");

    /// <summary>The value of a BENCH_TEST_* setting, or an error that says how to get the servers.</summary>
    public static string Require(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {
            EnvFile.Value.TryGetValue(name, out value);
        }

        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException(
                $"{name} is not set: run scripts/test.sh, which starts the test servers " +
                "(or scripts/services.sh start, then source .state/test-services/env).");
        }

        return value;
    }

    private static IReadOnlyDictionary<string, string> ReadEnvFile()
    {
        var path = FindEnvFile();
        return path is null ? new Dictionary<string, string>() : TestServerEnvFile.Parse(File.ReadAllLines(path));
    }

    private static string? FindEnvFile()
    {
        var stateDir = Environment.GetEnvironmentVariable("BENCH_TEST_STATE_DIR");
        if (!string.IsNullOrEmpty(stateDir))
        {
            var candidate = Path.Combine(stateDir, "env");
            return File.Exists(candidate) ? candidate : null;
        }

        // The test assembly runs from <repo>/Bench.Functions.Tests/bin/...: walk up to the solution.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bench.Functions.sln")))
            {
                var candidate = Path.Combine(dir.FullName, ".state", "test-services", "env");
                return File.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
