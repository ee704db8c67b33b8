using Concord.Core;
using Concord.Totem.Wire;
using CsCheck;

namespace Concord.Totem.Tests.Wire;

/// <summary>
/// The processor faces the network: random bytes, truncations and well-formed datagrams with random
/// contents must never make it throw; undecodable ones are counted as malformed.
/// </summary>
[Trait("Category", "Unit")]
public sealed class MalformedDatagramTests
{
    private static readonly NodeId Peer = new(2);

    /// <summary>Valid datagrams of every type from node 2, with random contents.</summary>
    private static readonly Gen<byte[]> ValidDatagrams = Gen.OneOf(
        Gen.Select(WireRoundTripTests.Rings, Gen.ULong[0, 50], Gen.ULong[1, 50], Gen.Byte[0, 3], Gen.ULong[1, 50].List[0, 5])
            .Select((ring, tokenSeq, seq, flags, retransmits) => new TokenMessage
            {
                Ring = ring, TokenSeq = tokenSeq, Seq = seq, Aru = seq / 2, Flags = flags,
                Retransmits = [.. retransmits.Select(r => Math.Min(r, seq))],
            }.Encode(Peer)),
        Gen.Select(WireRoundTripTests.Rings, Gen.ULong[1, 50], Gen.UInt[1, 3], Gen.Byte[0, 3], Gen.UShort[1, 3], Gen.Byte.Array[0, 64])
            .Select((ring, seq, origin, flags, count, payload) => new McastMessage
            {
                Ring = ring, Seq = seq, Origin = new NodeId(origin), Flags = flags,
                FragmentIndex = 0, FragmentCount = count, Payload = payload,
            }.Encode(Peer)),
        Gen.Select(Gen.ULong[0, 100], WireRoundTripTests.NodeSets, WireRoundTripTests.NodeSets)
            .Select((ringSeq, proc, fail) => new JoinMessage { RingSeq = ringSeq, Proc = [.. proc, Peer], Fail = fail }.Encode(Peer)),
        Gen.Select(Gen.ULong[0, 100], Gen.Byte[1, 2], Gen.UShort[0, 3], Gen.Bool)
            .Select((seq, pass, index, withUs) => new CommitToken
            {
                Ring = new RingId(withUs ? new NodeId(1) : Peer, seq),
                Pass = pass,
                Index = index,
                Entries = withUs
                    ? [new CommitEntry { Node = new NodeId(1) }, new CommitEntry { Node = Peer }, new CommitEntry { Node = new NodeId(3) }]
                    : [new CommitEntry { Node = Peer }, new CommitEntry { Node = new NodeId(3) }],
            }.Encode(Peer)),
        WireRoundTripTests.Rings.Select(ring => MergeDetect.Encode(Peer, ring)),
        Gen.UInt.Select(incarnation => LeaveMessage.Encode(Peer, incarnation)));

    private static bool Decodes(ReadOnlySpan<byte> datagram)
    {
        var reader = new SpanReader(datagram);
        if (!Header.TryRead(ref reader, out var type, out _)) return false;
        return type switch
        {
            MessageType.Token => TokenMessage.TryDecode(ref reader) is not null,
            MessageType.Mcast => McastMessage.TryDecode(ref reader) is not null,
            MessageType.Join => JoinMessage.TryDecode(ref reader) is not null,
            MessageType.Commit => CommitToken.TryDecode(ref reader) is not null,
            MessageType.MergeDetect => MergeDetect.TryDecode(ref reader) is not null,
            MessageType.Leave => LeaveMessage.TryDecode(ref reader) is not null,
            _ => false,
        };
    }

    private static void Feed(byte[] datagram)
    {
        var (processor, _) = RecordingHost.StartedProcessor();
        long before = processor.Counters.MalformedDatagrams;

        processor.OnDatagram(Peer, datagram, 10);

        long counted = processor.Counters.MalformedDatagrams - before;
        bool wellFormed = Decodes(datagram) && datagram.Length >= Header.Bytes && datagram[2] == Peer.Value && datagram[3..6].All(b => b == 0);
        if (!wellFormed) Assert.Equal(1, counted);
    }

    [Fact]
    public void OnDatagram_RandomBytes_NeverThrowsAndCountsMalformed()
    {
        Gen.Byte.Array[0, 300].Sample(Feed, iter: 3000);
    }

    [Fact]
    public void OnDatagram_RandomBodyBehindValidHeader_NeverThrowsAndCountsMalformed()
    {
        Gen.Select(Gen.Byte[1, 6], Gen.Byte.Array[0, 200])
            .Select((type, body) => (byte[])[Header.Version, type, (byte)Peer.Value, 0, 0, 0, .. body])
            .Sample(Feed, iter: 3000);
    }

    [Fact]
    public void OnDatagram_TruncatedValidDatagram_NeverThrowsAndCountsMalformed()
    {
        Gen.Select(ValidDatagrams, Gen.Int.Positive).Sample((datagram, cut) =>
        {
            var truncated = datagram[..(cut % datagram.Length)];
            var (processor, _) = RecordingHost.StartedProcessor();

            processor.OnDatagram(Peer, truncated, 10);

            Assert.Equal(1, processor.Counters.MalformedDatagrams);
        }, iter: 2000);
    }

    [Fact]
    public void OnDatagram_SenderFieldNotTheSourceNode_IsCountedMalformed()
    {
        var (processor, _) = RecordingHost.StartedProcessor();

        processor.OnDatagram(new NodeId(3), LeaveMessage.Encode(Peer, 0), 10);

        Assert.Equal(1, processor.Counters.MalformedDatagrams);
    }

    [Fact]
    public void OnDatagram_WellFormedRandomContentSequence_NeverThrows()
    {
        // A processor fed a stream of plausible but arbitrary datagrams and timers, in any state.
        Gen.Select(ValidDatagrams.Array[1, 40], Gen.Int[0, 5].Array[40]).Sample((datagrams, timers) =>
        {
            var (processor, _) = RecordingHost.StartedProcessor(new TotemOptions { TokenMs = 1000 });
            long now = 1;
            for (int i = 0; i < datagrams.Length; i++)
            {
                processor.OnDatagram(Peer, datagrams[i], now += 7);
                processor.OnTimer((TotemTimer)timers[i], now += 3);
            }
        }, iter: 1000);
    }

    [Fact]
    public void OnDatagram_FromUnknownNode_IsCountedForeign()
    {
        var (processor, _) = RecordingHost.StartedProcessor();

        processor.OnDatagram(new NodeId(9), LeaveMessage.Encode(new NodeId(9), 0), 10);

        Assert.Equal(1, processor.Counters.ForeignDatagrams);
        Assert.Equal(0, processor.Counters.MalformedDatagrams);
    }
}
