namespace Concord.Totem.Tests;

[Trait("Category", "Unit")]
public sealed class SendQueueTests
{
    [Fact]
    public void Send_BeyondTheQueuesByteBound_IsTryAgain_NotQueued()
    {
        // Large Totem datagrams (the knet transport) make the fragment count a poor bound on memory:
        // the byte bound pushes back instead. Nothing is sent here (no timer fires), so the queue fills.
        var options = new TotemOptions { MessageBytesMax = 1000, SendQueueBytesMax = 2500 };
        var (processor, _) = RecordingHost.StartedProcessor(options);
        Assert.Equal(SendResult.Queued, processor.Send(new byte[1000], DeliveryGuarantee.Agreed, 0));
        Assert.Equal(SendResult.Queued, processor.Send(new byte[1000], DeliveryGuarantee.Agreed, 0));
        Assert.Equal(SendResult.TryAgain, processor.Send(new byte[1000], DeliveryGuarantee.Agreed, 0));
        Assert.Equal(SendResult.Queued, processor.Send(new byte[500], DeliveryGuarantee.Agreed, 0));
        Assert.Equal(SendResult.TryAgain, processor.Send(new byte[1], DeliveryGuarantee.Agreed, 0));
        Assert.Equal(SendResult.TooLarge, processor.Send(new byte[1001], DeliveryGuarantee.Agreed, 0));
    }

    [Fact]
    public void Validate_ByteBoundBelowOneMessage_NamesBoth()
    {
        var errors = new TotemOptions { MessageBytesMax = 1 << 20, SendQueueBytesMax = 1000 }.Validate();
        Assert.Contains(errors, e => e.Contains("SendQueueBytesMax", StringComparison.Ordinal) && e.Contains("1048576", StringComparison.Ordinal));
    }
}
