using Amazon.S3;
using Bench.Functions.Tests.Infrastructure;
using Npgsql;
using RabbitMQ.Client;

namespace Bench.Functions.Tests.Hosting;

/// <summary>
/// A fresh PostgreSQL database and S3 bucket on the test servers (scripts/services.sh), owned by one
/// test class and removed afterwards, and the app settings (env-var names) that point at them.
/// </summary>
public sealed class AppServers : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private readonly S3Fixture _s3 = new();

    public string DatabaseName => _postgres.DatabaseName;

    public string BucketName => _s3.BucketName;

    /// <summary>The server's default database as a superuser, for creating and breaking things.</summary>
    public NpgsqlConnectionStringBuilder Admin { get; } = new(TestServers.PostgresConnectionString);

    public Uri S3Endpoint => TestServers.S3Endpoint;

    /// <summary>This class's own analysis queue (its dead-letter queue and exchange are named after it), deleted afterwards.</summary>
    public string QueueName { get; } = UniqueName.Create("bench-test-") + ".analysis";

    /// <summary>The bearer token MinIO would send.</summary>
    public string WebhookToken { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>The app's settings for this database and bucket, with a fresh JWT secret and the auth limits lifted.</summary>
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
        ["MINIO_ACCESS_KEY"] = TestServers.S3AccessKey,
        ["MINIO_SECRET_KEY"] = TestServers.S3SecretKey,
        ["MINIO_BUCKET"] = BucketName,
        ["BENCH_S3_REGION"] = TestServers.S3Region,
        ["BENCH_AUTH_RATE_LIMIT_PER_ADDRESS"] = "100000",
        ["BENCH_AUTH_RATE_LIMIT_PER_USERNAME"] = "100000",
        ["RabbitMQConnection"] = TestServers.AmqpUri.ToString(),
        ["BENCH_ANALYSIS_QUEUE"] = QueueName,
        ["MINIO_WEBHOOK_TOKEN"] = WebhookToken,
    };

    public AmazonS3Client S3Client() => S3Fixture.CreateClient();

    public Task<NpgsqlConnection> OpenDatabaseAsync() => _postgres.OpenConnectionAsync();

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        await _s3.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await DeleteQueuesAsync();
        await _s3.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private async Task DeleteQueuesAsync()
    {
        try
        {
            await using var connection = await RabbitMqFixture.CreateConnectionFactory().CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeleteAsync(QueueName);
            await channel.QueueDeleteAsync(QueueName + ".dead");
            await channel.ExchangeDeleteAsync(QueueName + ".dlx");
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException)
        {
            // A test that stopped the broker did not start it again; the node's data goes with the run.
        }
    }
}
