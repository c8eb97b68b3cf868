using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Bench.Functions.Tests.Infrastructure;

public sealed class RabbitMqFixtureTests(RabbitMqFixture rabbit) : IClassFixture<RabbitMqFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ConfirmedPersistentMessageIsConsumedOnceWithItsBodyAndProperties()
    {
        var queue = rabbit.Name("consume-once");
        await using var channel = await rabbit.CreateConfirmingChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        var body = Encoding.UTF8.GetBytes($"{{\"object\":\"alice/run-{Guid.NewGuid():N}.h5\"}}");

        await channel.BasicPublishAsync(
            exchange: "", routingKey: queue, mandatory: true,
            basicProperties: new BasicProperties { Persistent = true, MessageId = "m-1" }, body: body);

        var received = new TaskCompletionSource<(byte[] Body, string? MessageId, bool Persistent, bool Redelivered)>(
            TaskCreationOptions.RunContinuationsAsynchronously);
        var deliveries = 0;
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            Interlocked.Increment(ref deliveries);
            received.TrySetResult((delivery.Body.ToArray(), delivery.BasicProperties.MessageId,
                delivery.BasicProperties.Persistent, delivery.Redelivered));
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        var tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer);

        var message = await received.Task.WaitAsync(Timeout);
        await channel.BasicCancelAsync(tag);

        Assert.Equal(body, message.Body);
        Assert.Equal("m-1", message.MessageId);
        Assert.True(message.Persistent);
        Assert.False(message.Redelivered);
        Assert.Equal(1, deliveries);
        Assert.Equal(0u, await channel.MessageCountAsync(queue));
    }

    [Fact]
    public async Task MandatoryPublishWithNoQueueToRouteToFailsItsConfirm()
    {
        await using var channel = await rabbit.CreateConfirmingChannelAsync();

        await Assert.ThrowsAsync<PublishException>(() => channel.BasicPublishAsync(
            exchange: "", routingKey: rabbit.Name("nobody-listens"), mandatory: true,
            basicProperties: new BasicProperties { Persistent = true }, body: "lost"u8.ToArray()).AsTask());
    }
}
