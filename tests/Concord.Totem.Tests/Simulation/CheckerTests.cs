using Concord.Core;
using Concord.Simulation;
using Concord.Simulation.Checkers;

namespace Concord.Totem.Tests.Simulation;

/// <summary>The checkers are not vacuous: each one rejects a hand-made violation.</summary>
[Trait("Category", "Unit")]
public sealed class CheckerTests
{
    private static readonly RingId Ring = new(new NodeId(1), 4);
    private static readonly NodeId[] Members = [new(1), new(2)];

    private static (ProcessView P1, ProcessView P2) TwoProcesses()
    {
        var sim = new global::Concord.Simulation.Simulation(Scenario.FromSeed(1, new SimulationSettings()), new SimulationSettings());
        var p1 = new ProcessView(new SimNode(sim, 0), 0, 0) { CurrentRing = Ring, CurrentMembers = Members };
        var p2 = new ProcessView(new SimNode(sim, 1), 0, 0) { CurrentRing = Ring, CurrentMembers = Members };
        return (p1, p2);
    }

    private static SentMessage Sent(uint node, ulong seq, DeliveryGuarantee guarantee = DeliveryGuarantee.Agreed)
    {
        var id = new MessageId(node, 0, seq);
        var bytes = Payload.Create(id, guarantee, 100, new Prng(seq));
        return new SentMessage(id, Payload.TryRead(bytes, out _)!.Value.Checksum, bytes.Length, guarantee, 0);
    }

    private static DeliveryEvent Delivered(ProcessView p, SentMessage m, ulong seq) =>
        new(p, new TotemDelivery(new NodeId(m.Id.Node), Ring, seq, m.Guarantee, Payload.Create(m.Id, m.Guarantee, 100, new Prng(m.Id.Seq))), m);

    [Fact]
    public void Integrity_SameMessageTwice_Violation()
    {
        var (p1, _) = TwoProcesses();
        var m = Sent(1, 1);
        var checker = new IntegrityChecker(new Dictionary<MessageId, SentMessage> { [m.Id] = m });
        p1.Delivered.Add(m.Id);

        Assert.Throws<InvariantViolationException>(() => checker.OnDelivery(Delivered(p1, m, 1)));
    }

    [Fact]
    public void Integrity_MessageNeverSent_Violation()
    {
        var (p1, _) = TwoProcesses();
        var m = Sent(1, 1);
        var checker = new IntegrityChecker(new Dictionary<MessageId, SentMessage>());

        var ex = Assert.Throws<InvariantViolationException>(() => checker.Identify(p1, Delivered(p1, m, 1).Delivery));
        Assert.Contains("that no process ever queued", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integrity_CorruptedPayload_Violation()
    {
        var (p1, _) = TwoProcesses();
        var m = Sent(1, 1);
        var checker = new IntegrityChecker(new Dictionary<MessageId, SentMessage> { [m.Id] = m });
        var bytes = Payload.Create(m.Id, m.Guarantee, 100, new Prng(1));
        bytes[40] ^= 1;

        var ex = Assert.Throws<InvariantViolationException>(() => checker.Identify(p1, new TotemDelivery(new NodeId(1), Ring, 1, m.Guarantee, bytes)));
        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AgreedOrder_TwoMessagesAtOnePosition_Violation()
    {
        var (p1, p2) = TwoProcesses();
        var checker = new AgreedOrderChecker();
        checker.OnDelivery(Delivered(p1, Sent(1, 1), 7));

        Assert.Throws<InvariantViolationException>(() => checker.OnDelivery(Delivered(p2, Sent(2, 1), 7)));
    }

    [Fact]
    public void AgreedOrder_PositionGoesBackwards_Violation()
    {
        var (p1, _) = TwoProcesses();
        var checker = new AgreedOrderChecker();
        p1.LastDeliveredRing = Ring;
        p1.LastDeliveredSeq = 9;

        Assert.Throws<InvariantViolationException>(() => checker.OnDelivery(Delivered(p1, Sent(1, 1), 8)));
    }

    [Fact]
    public void Configuration_SameRingDifferentMembers_Violation()
    {
        var (p1, p2) = TwoProcesses();
        var checker = new ConfigurationChecker();
        var next = new RingId(new NodeId(1), 8);
        p1.TransitionalMembers = [new NodeId(1)];
        p1.TransitionalRing = next;
        p2.TransitionalMembers = [new NodeId(2)];
        p2.TransitionalRing = next;
        checker.OnConfiguration(p1, new TotemConfiguration(ConfigurationKind.Regular, next, [new(1), new(2)], [], []));

        Assert.Throws<InvariantViolationException>(() =>
            checker.OnConfiguration(p2, new TotemConfiguration(ConfigurationKind.Regular, next, [new(1), new(2), new(3)], [new(3)], [])));
    }

    [Fact]
    public void Configuration_RegularWithoutTransitional_Violation()
    {
        var (p1, _) = TwoProcesses();

        Assert.Throws<InvariantViolationException>(() => new ConfigurationChecker().OnConfiguration(
            p1, new TotemConfiguration(ConfigurationKind.Regular, new RingId(new NodeId(1), 8), Members, [], [])));
    }

    [Fact]
    public void VirtualSynchrony_MoversDeliveredDifferentSets_Violation()
    {
        var (p1, p2) = TwoProcesses();
        var checker = new VirtualSynchronyChecker();
        var next = new RingId(new NodeId(1), 8);
        var config = new TotemConfiguration(ConfigurationKind.Regular, next, Members, [], []);
        foreach (var p in new[] { p1, p2 }) p.TransitionalMembers = Members;
        p1.EpochCount = 1;
        p1.EpochHash = 42;
        p1.EpochMessages.Add(new MessageId(1, 0, 1));
        checker.OnConfiguration(p1, config);

        var ex = Assert.Throws<InvariantViolationException>(() => checker.OnConfiguration(p2, config));
        Assert.Contains("1/0#1", ex.Message, StringComparison.Ordinal);
    }
}
