using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Npgsql;

namespace Bench.Functions.Tests.Hosting;

/// <summary>
/// A fresh PostgreSQL database and S3 bucket on the test servers (scripts/services.sh), owned by one
/// test class and removed afterwards. Connection details come from the BENCH_TEST_* variables.
/// </summary>
public sealed class AppServers : IAsyncLifetime
{
    public string DatabaseName { get; } = "bench_app_" + Guid.NewGuid().ToString("N")[..12];

    public string BucketName { get; } = "bench-app-" + Guid.NewGuid().ToString("N")[..12];

    public NpgsqlConnectionStringBuilder Admin { get; } = new(Require("BENCH_TEST_POSTGRES"));

    public Uri S3Endpoint { get; } = new(Require("BENCH_TEST_S3_ENDPOINT"));

    public string S3AccessKey { get; } = Require("BENCH_TEST_S3_ACCESS_KEY");

    public string S3SecretKey { get; } = Require("BENCH_TEST_S3_SECRET_KEY");

    public string S3Region { get; } = Environment.GetEnvironmentVariable("BENCH_TEST_S3_REGION") ?? "us-east-1";

    public string DatabaseConnectionString => new NpgsqlConnectionStringBuilder(Admin.ConnectionString) { Database = DatabaseName }.ConnectionString;

    /// <summary>The app's settings (env-var names) for this database and bucket, with a fresh JWT secret.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["JWT_SECRET"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
        ["POSTGRES_HOST"] = Admin.Host,
        ["POSTGRES_PORT"] = Admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["POSTGRES_DB"] = DatabaseName,
        ["POSTGRES_USER"] = Admin.Username,
        ["POSTGRES_PASSWORD"] = Admin.Password,
        ["MINIO_ENDPOINT"] = S3Endpoint.Authority,
        ["MINIO_SECURE"] = "false",
        ["MINIO_ACCESS_KEY"] = S3AccessKey,
        ["MINIO_SECRET_KEY"] = S3SecretKey,
        ["MINIO_BUCKET"] = BucketName,
        ["BENCH_S3_REGION"] = S3Region,
        ["BENCH_AUTH_RATE_LIMIT_PER_ADDRESS"] = "100000",
        ["BENCH_AUTH_RATE_LIMIT_PER_USERNAME"] = "100000",
    };

    public AmazonS3Client S3Client() => new(new BasicAWSCredentials(S3AccessKey, S3SecretKey), new AmazonS3Config
    {
        ServiceURL = S3Endpoint.ToString(),
        ForcePathStyle = true,
        UseHttp = true,
        AuthenticationRegion = S3Region,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(Admin.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        using var s3 = S3Client();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = BucketName });
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(Admin.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        using var s3 = S3Client();
        try
        {
            var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = BucketName });
            foreach (var item in listing.S3Objects ?? [])
            {
                await s3.DeleteObjectAsync(BucketName, item.Key);
            }

            await s3.DeleteBucketAsync(BucketName);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
        }
    }

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: start the test servers (scripts/services.sh start) and source their env file.");
}
