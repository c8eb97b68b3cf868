using Npgsql;
using RabbitMQ.Client;

namespace Bench.Functions.Tests.Infrastructure;

[Collection(ServerRestartCollection.Name)]
public sealed class ServerRestartTests(PostgresFixture postgres, RabbitMqFixture rabbit)
    : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task DurableQueueKeepsAPersistentMessageAcrossARabbitMqRestart()
    {
        var queue = rabbit.Name("survives-restart");
        var body = Guid.NewGuid().ToByteArray();
        await using (var channel = await rabbit.CreateConfirmingChannelAsync())
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
            await channel.BasicPublishAsync("", queue, mandatory: true,
                basicProperties: new BasicProperties { Persistent = true }, body: body);
        }

        await ServiceControl.RestartAsync("rabbitmq");

        // A new connection: proves the broker is back, independent of the fixture's recovery.
        await using var connection = await RabbitMqFixture.CreateConnectionFactory().CreateConnectionAsync();
        await using var after = await connection.CreateChannelAsync();
        var got = await after.BasicGetAsync(queue, autoAck: true);
        Assert.NotNull(got);
        Assert.Equal(body, got.Body.ToArray());
        await after.QueueDeleteAsync(queue);
    }

    [Fact]
    public async Task CommittedRowIsStillThereAfterAPostgresRestart()
    {
        var value = Random.Shared.NextInt64();
        await using (var connection = await postgres.OpenConnectionAsync())
        {
            await using var create = new NpgsqlCommand("CREATE TABLE kept (v bigint)", connection);
            await create.ExecuteNonQueryAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO kept VALUES ($1)", connection)
            {
                Parameters = { new() { Value = value } },
            };
            await insert.ExecuteNonQueryAsync();
        }

        await ServiceControl.RestartAsync("postgres");

        await using var reopened = await postgres.OpenConnectionAsync();
        await using var read = new NpgsqlCommand("SELECT v FROM kept", reopened);
        Assert.Equal(value, (long)(await read.ExecuteScalarAsync())!);
    }
}
