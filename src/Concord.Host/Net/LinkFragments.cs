using System.Buffers.Binary;
using System.Net;

namespace Concord.Host.Net;

/// <summary>
/// Link-level fragmentation, as kronosnet does for corosync's default `knet` transport: Totem may
/// then send datagrams of up to 64 KiB (a 16 KiB message is one Totem message, not twelve), and
/// each sealed datagram larger than one packet travels as several UDP packets no larger than the
/// link's MTU — no IP fragmentation, which middleboxes may drop. The envelope is sealed once over
/// the whole datagram and checked after reassembly, so a forged or damaged fragment only makes
/// that datagram fail authentication; Totem retransmits what is lost.
///
/// Packet: magic (2), datagram id (4, big-endian), index (1), count (1), then the bytes.
/// </summary>
internal static class LinkFragments
{
    public const byte Magic0 = 0xC0;
    public const byte Magic1 = 0xDF;
    public const int HeaderBytes = 8;
    public const int CountMax = 255;

    public static bool IsFragment(ReadOnlySpan<byte> packet) =>
        packet.Length >= 2 && packet[0] == Magic0 && packet[1] == Magic1;

    /// <summary>
    /// The packets that carry <paramref name="datagram"/>, laid end to end: packet i starts at
    /// i × <paramref name="packetBytesMax"/> and all but the last are exactly that long, so the
    /// kernel can cut the whole buffer itself in one send (UDP segmentation offload). A datagram
    /// that fits one packet is returned as it is, with a count of 1.
    /// </summary>
    public static (byte[] Wire, int Count) Split(byte[] datagram, uint id, int packetBytesMax)
    {
        if (datagram.Length <= packetBytesMax) return (datagram, 1);
        int chunk = packetBytesMax - HeaderBytes;
        int count = (datagram.Length + chunk - 1) / chunk;
        if (count > CountMax) throw new ArgumentException($"a datagram of {datagram.Length} bytes needs {count} fragments of {chunk} bytes; at most {CountMax}");
        var wire = new byte[datagram.Length + (count * HeaderBytes)];
        for (int i = 0; i < count; i++)
        {
            int start = i * chunk;
            int length = Math.Min(chunk, datagram.Length - start);
            var packet = wire.AsSpan(i * packetBytesMax, HeaderBytes + length);
            packet[0] = Magic0;
            packet[1] = Magic1;
            BinaryPrimitives.WriteUInt32BigEndian(packet[2..], id);
            packet[6] = (byte)i;
            packet[7] = (byte)count;
            datagram.AsSpan(start, length).CopyTo(packet[HeaderBytes..]);
        }
        return (wire, count);
    }
}

/// <summary>
/// Puts fragments back together, per sender address. Bounded: a few datagrams in flight per
/// sender (the oldest incomplete one gives way), and an incomplete datagram is dropped once it is
/// older than <see cref="StaleMs"/>. Not thread-safe: each link's receive thread has its own.
/// </summary>
internal sealed class FragmentReassembly
{
    public const int InFlightPerSenderMax = 32;
    public const long StaleMs = 2_000;
    private readonly Dictionary<IPEndPoint, List<Partial>> _bySender = [];

    private sealed class Partial(uint id, int count, long startedMs)
    {
        public uint Id { get; } = id;
        public byte[]?[] Parts { get; } = new byte[count][];
        public int Received { get; set; }
        public long StartedMs { get; } = startedMs;
    }

    /// <summary>Why fragments were dropped (for `concord links`): malformed, duplicate, evicted, stale.</summary>
    public Action<string>? Dropped { get; init; }

    /// <summary>Add one fragment; the whole datagram once its last fragment arrived, else null.</summary>
    public byte[]? Add(IPEndPoint from, ReadOnlySpan<byte> packet, long nowMs)
    {
        if (!LinkFragments.IsFragment(packet) || packet.Length <= LinkFragments.HeaderBytes)
        {
            Dropped?.Invoke("malformed fragment");
            return null;
        }
        uint id = BinaryPrimitives.ReadUInt32BigEndian(packet[2..]);
        int index = packet[6];
        int count = packet[7];
        if (count < 2 || index >= count)
        {
            Dropped?.Invoke("malformed fragment");
            return null;
        }
        if (!_bySender.TryGetValue(from, out var partials)) _bySender[from] = partials = [];
        ForgetStale(partials, nowMs);
        var partial = partials.Find(p => p.Id == id);
        if (partial is not null && partial.Parts.Length != count)
        {
            Dropped?.Invoke("malformed fragment");
            partials.Remove(partial);
            return null;
        }
        if (partial is null)
        {
            if (partials.Count >= InFlightPerSenderMax)
            {
                Dropped?.Invoke("fragments evicted");
                partials.RemoveAt(0);
            }
            partials.Add(partial = new Partial(id, count, nowMs));
        }
        if (partial.Parts[index] is not null)
        {
            Dropped?.Invoke("duplicate fragment");
            return null;
        }
        partial.Parts[index] = packet[LinkFragments.HeaderBytes..].ToArray();
        if (++partial.Received < count) return null;
        partials.Remove(partial);
        if (partials.Count == 0) _bySender.Remove(from);
        return Join(partial.Parts!);
    }

    /// <summary>Datagrams being put together right now (for tests and status).</summary>
    public int InFlight => _bySender.Values.Sum(p => p.Count);

    private void ForgetStale(List<Partial> partials, long nowMs)
    {
        int removed = partials.RemoveAll(p => nowMs - p.StartedMs > StaleMs);
        for (int i = 0; i < removed; i++) Dropped?.Invoke("fragments timed out");
    }

    private static byte[] Join(byte[][] parts)
    {
        var whole = new byte[parts.Sum(p => p.Length)];
        int offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(whole, offset);
            offset += part.Length;
        }
        return whole;
    }
}
