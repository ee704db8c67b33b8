using Concord.Core;
using Concord.Totem.Wire;
using CsCheck;

namespace Concord.Totem.Tests.Wire;

/// <summary>Every codec decodes what it encodes, field for field.</summary>
[Trait("Category", "Unit")]
public sealed class WireRoundTripTests
{
    private static readonly NodeId Sender = new(7);

    internal static readonly Gen<RingId> Rings =
        Gen.Select(Gen.UInt[1, 64], Gen.ULong).Select((rep, seq) => new RingId(new NodeId(rep), seq));

    internal static readonly Gen<NodeId[]> NodeSets =
        Gen.UInt[1, 64].HashSet[0, 20].Select(set => set.Order().Select(n => new NodeId(n)).ToArray());

    private static SpanReader BodyOf(byte[] datagram, MessageType expected)
    {
        var reader = new SpanReader(datagram);
        Assert.True(Header.TryRead(ref reader, out var type, out uint sender));
        Assert.Equal(expected, type);
        Assert.Equal(Sender.Value, sender);
        return reader;
    }

    [Fact]
    public void Token_RoundTrip_KeepsEveryField()
    {
        Gen.Select(Rings, Gen.ULong, Gen.ULong[1, ulong.MaxValue], Gen.UInt, Gen.UInt, Gen.UInt, Gen.Byte[0, 3], Gen.Int[0, 64])
            .Sample((ring, tokenSeq, seq, aruId, fcc, backlog, flags, retransmits) =>
            {
                var token = new TokenMessage
                {
                    Ring = ring,
                    TokenSeq = tokenSeq,
                    Seq = seq,
                    Aru = seq / 2,
                    AruId = new NodeId(aruId),
                    Fcc = fcc,
                    Backlog = backlog,
                    Flags = flags,
                    Retransmits = [.. Enumerable.Range(1, retransmits).Select(i => Math.Max(1, seq - (ulong)i))],
                };
                var reader = BodyOf(token.Encode(Sender), MessageType.Token);
                var back = TokenMessage.TryDecode(ref reader);

                Assert.NotNull(back);
                Assert.Equal(token.Ring, back.Ring);
                Assert.Equal(token.TokenSeq, back.TokenSeq);
                Assert.Equal(token.Seq, back.Seq);
                Assert.Equal(token.Aru, back.Aru);
                Assert.Equal(token.AruId, back.AruId);
                Assert.Equal(token.Fcc, back.Fcc);
                Assert.Equal(token.Backlog, back.Backlog);
                Assert.Equal(token.Flags, back.Flags);
                Assert.Equal(token.Retransmits, back.Retransmits);
            }, iter: 500);
    }

    [Fact]
    public void Mcast_RoundTrip_KeepsEveryField()
    {
        Gen.Select(Rings, Gen.ULong[1, ulong.MaxValue], Gen.UInt[1, 64], Gen.Byte[0, 3], Gen.UShort[1, 200], Gen.Byte.Array[0, 1400], Gen.UInt)
            .Sample((ring, seq, origin, flags, count, payload, number) =>
            {
                var message = new McastMessage
                {
                    Ring = ring,
                    Seq = seq,
                    Origin = new NodeId(origin),
                    Flags = flags,
                    MessageNumber = number,
                    FragmentIndex = (ushort)(count - 1),
                    FragmentCount = count,
                    Payload = payload,
                };
                var datagram = message.Encode(Sender);
                var reader = BodyOf(datagram, MessageType.Mcast);
                var back = McastMessage.TryDecode(ref reader);
                var viaDatagram = McastMessage.TryDecodeDatagram(datagram);

                Assert.NotNull(back);
                Assert.NotNull(viaDatagram);
                Assert.Equal(datagram.Length, message.EncodedBytes);
                Assert.Equal(message.Ring, back.Ring);
                Assert.Equal(message.Seq, back.Seq);
                Assert.Equal(message.Origin, back.Origin);
                Assert.Equal(message.Flags, back.Flags);
                Assert.Equal(message.MessageNumber, back.MessageNumber);
                Assert.Equal(message.FragmentIndex, back.FragmentIndex);
                Assert.Equal(message.FragmentCount, back.FragmentCount);
                Assert.Equal(payload, back.Payload.ToArray());
                Assert.Equal(payload, viaDatagram.Payload.ToArray());
            }, iter: 300);
    }

    [Fact]
    public void Join_RoundTrip_KeepsEveryField()
    {
        Gen.Select(Gen.UInt, Gen.ULong, NodeSets, NodeSets).Sample((incarnation, ringSeq, proc, fail) =>
        {
            var join = new JoinMessage { Incarnation = incarnation, RingSeq = ringSeq, Proc = proc, Fail = fail };
            var reader = BodyOf(join.Encode(Sender), MessageType.Join);
            var back = JoinMessage.TryDecode(ref reader);

            Assert.NotNull(back);
            Assert.Equal(incarnation, back.Incarnation);
            Assert.Equal(ringSeq, back.RingSeq);
            Assert.Equal(proc, back.Proc);
            Assert.Equal(fail, back.Fail);
        }, iter: 500);
    }

    [Fact]
    public void Commit_RoundTrip_KeepsEveryField()
    {
        var entries = Gen.Select(Rings, Gen.ULong, Gen.ULong, Gen.ULong, Gen.Bool)
            .Select((old, aru, hd, hs, filled) => new CommitEntry { OldRing = old, Aru = aru, HighDelivered = hd, HighSeq = hs, Filled = filled });
        Gen.Select(NodeSets.Where(s => s.Length > 0), Gen.ULong, Gen.Byte[1, 2], entries.Array[20]).Sample((members, seq, pass, template) =>
        {
            var commit = new CommitToken
            {
                Ring = new RingId(members[0], seq),
                Pass = pass,
                Index = (ushort)(members.Length - 1),
                Entries = [.. members.Select((node, i) => template[i] with { Node = node })],
            };
            var reader = BodyOf(commit.Encode(Sender), MessageType.Commit);
            var back = CommitToken.TryDecode(ref reader);

            Assert.NotNull(back);
            Assert.Equal(commit.Ring, back.Ring);
            Assert.Equal(commit.Pass, back.Pass);
            Assert.Equal(commit.Index, back.Index);
            Assert.Equal(commit.Entries, back.Entries);
        }, iter: 300);
    }

    [Fact]
    public void MergeDetectAndLeave_RoundTrip_KeepTheirFields()
    {
        Gen.Select(Rings, Gen.UInt).Sample((ring, incarnation) =>
        {
            var mergeReader = BodyOf(MergeDetect.Encode(Sender, ring), MessageType.MergeDetect);
            var leaveReader = BodyOf(LeaveMessage.Encode(Sender, incarnation), MessageType.Leave);

            Assert.Equal(ring, MergeDetect.TryDecode(ref mergeReader));
            Assert.Equal(incarnation, LeaveMessage.TryDecode(ref leaveReader));
        }, iter: 200);
    }

    [Fact]
    public void Join_UnsortedNodeSet_IsRejected()
    {
        var join = new JoinMessage { Proc = [new NodeId(3), new NodeId(2)] };
        var reader = BodyOf(join.Encode(Sender), MessageType.Join);

        Assert.Null(JoinMessage.TryDecode(ref reader));
    }

    [Fact]
    public void Mcast_FragmentIndexBeyondCount_IsRejected()
    {
        var message = new McastMessage { Ring = new RingId(new NodeId(1), 4), Seq = 1, Origin = new NodeId(1), FragmentIndex = 2, FragmentCount = 2 };
        var reader = BodyOf(message.Encode(Sender), MessageType.Mcast);

        Assert.Null(McastMessage.TryDecode(ref reader));
    }
}
