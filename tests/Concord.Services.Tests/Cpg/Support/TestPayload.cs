using Concord.Simulation;
using System.Buffers.Binary;
using System.Text;
using Concord.Core;
using Concord.Services.Cpg;

namespace Concord.Services.Tests.Cpg.Support;

/// <summary>Identity of a test message: its sending process and that process's sequence.</summary>
internal readonly record struct TestMessageId(CpgAddress Sender, ulong Seq)
{
    public ulong Hash() => Fnv1a.Mix(Fnv1a.Mix(Fnv1a.Mix(Fnv1a.Offset, Sender.Node.Value), Sender.Pid), Seq);

    public override string ToString() => $"{Sender}#{Seq}";
}

/// <summary>
/// Test message layout: node u32, pid u32, seq u64, group length u8, group, body, FNV-1a of all
/// before it. Checkers recover identity, group and integrity from the bytes alone.
/// </summary>
internal static class TestPayload
{
    public static byte[] Create(TestMessageId id, string group, int bodyBytes, Prng? random = null)
    {
        byte[] name = Encoding.UTF8.GetBytes(group);
        var buffer = new byte[17 + name.Length + bodyBytes + 8];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, id.Sender.Node.Value);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], id.Sender.Pid);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], id.Seq);
        span[16] = (byte)name.Length;
        name.CopyTo(span[17..]);
        random?.Fill(span.Slice(17 + name.Length, bodyBytes));
        BinaryPrimitives.WriteUInt64LittleEndian(span[^8..], Fnv1a.Hash(span[..^8]));
        return buffer;
    }

    public static (TestMessageId Id, string Group)? TryRead(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 25) return null;
        int n = payload[16];
        if (payload.Length < 25 + n) return null;
        if (BinaryPrimitives.ReadUInt64LittleEndian(payload[^8..]) != Fnv1a.Hash(payload[..^8])) return null;
        var sender = new CpgAddress(new NodeId(BinaryPrimitives.ReadUInt32LittleEndian(payload)), BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]));
        return (new TestMessageId(sender, BinaryPrimitives.ReadUInt64LittleEndian(payload[8..])), Encoding.UTF8.GetString(payload.Slice(17, n)));
    }
}
