using RabbitMQ.Client;

namespace Bench.Functions.Tests.Infrastructure;

/// <summary>
/// An open connection to the test RabbitMQ node and uniquely named queues and exchanges per fixture
/// instance (<c>bench-test-&lt;random&gt;.&lt;name&gt;</c>); those named through <see cref="Name"/> are
/// deleted on disposal. Vhosts would need the management plugin or the slow CLI, so names isolate.
/// </summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private readonly List<string> _names = [];
    private IConnection? _connection;

    /// <summary>Prefix shared by every name this fixture hands out.</summary>
    public string Prefix { get; } = UniqueName.Create("bench-test-");

    /// <summary>The fixture's connection (automatic recovery on, so it survives a broker restart).</summary>
    public IConnection Connection =>
        _connection ?? throw new InvalidOperationException("RabbitMqFixture is not initialised yet.");

    /// <summary>A factory for the test node, for tests that need their own connections.</summary>
    public static ConnectionFactory CreateConnectionFactory() => new()
    {
        Uri = TestServers.AmqpUri,
        ClientProvidedName = "bench-tests",
        AutomaticRecoveryEnabled = true,
        NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
    };

    /// <summary>A queue or exchange name unique to this fixture; it is deleted when the fixture is.</summary>
    public string Name(string purpose)
    {
        var name = $"{Prefix}.{purpose}";
        lock (_names)
        {
            if (!_names.Contains(name))
            {
                _names.Add(name);
            }
        }

        return name;
    }

    /// <summary>A channel with publisher confirms: an awaited publish completes when the broker confirms.</summary>
    public Task<IChannel> CreateConfirmingChannelAsync(CancellationToken cancellationToken = default) =>
        Connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);

    public async Task InitializeAsync() =>
        _connection = await CreateConnectionFactory().CreateConnectionAsync();

    public async Task DisposeAsync()
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            if (_connection.IsOpen)
            {
                string[] names;
                lock (_names)
                {
                    names = [.. _names];
                }

                await using var channel = await _connection.CreateChannelAsync();
                foreach (var name in names)
                {
                    // Both are no-ops for a name that was never declared (RabbitMQ 3.x).
                    await channel.QueueDeleteAsync(name);
                    await channel.ExchangeDeleteAsync(name);
                }
            }
        }
        finally
        {
            await _connection.CloseAsync();
            await _connection.DisposeAsync();
        }
    }
}
