using System.Buffers.Binary;
using Concord.Core;

namespace Concord.Services.Cpg;

/// <summary>
/// Wire format of the CPG messages, big-endian like the quorum codec's:
/// <code>
/// header          : u8 magic 'C' (0x43) | u8 version (1) | u8 type | u8 flags (0 but for sync: bit 0 = final chunk)
/// 1 join          : u32 pid | u8 n | n bytes group (UTF-8, 1..128)
/// 2 leave         : u32 pid | u8 n | group
/// 3 process-down  : u32 pid | u8 n | group
/// 4 message       : u32 pid | u8 n | group | u32 length | payload
/// 5 sync joinlist : u32 ring rep | u64 ring seq | u16 count | count × (u32 pid | u8 n | group)
/// </code>
/// Lengths must account for every byte. The decoder never throws: malformed input yields a status
/// other than <see cref="CpgDecodeStatus.Ok"/>.
/// </summary>
public static class CpgCodec
{
    public const byte Magic = 0x43;
    public const byte Version = 1;
    public const int HeaderBytes = 4;
    public const byte FinalFlag = 1;

    /// <summary>A message's bytes besides its group name and payload.</summary>
    public const int MessageOverheadBytes = HeaderBytes + 4 + 1 + 4;

    /// <summary>A sync chunk's bytes besides its entries.</summary>
    public const int SyncHeaderBytes = HeaderBytes + 4 + 8 + 2;

    /// <summary>The largest sync entry: pid, name length and the longest name.</summary>
    public const int SyncEntryBytesMax = 4 + 1 + CpgLimits.GroupNameBytesMax;

    /// <summary>Encoded length of a message to <paramref name="groupBytes"/>-byte group.</summary>
    public static long MessageLength(int groupBytes, int payloadBytes) => MessageOverheadBytes + (long)groupBytes + payloadBytes;

    public static byte[] EncodeJoin(uint pid, string group) => EncodeMembership(CpgMessageType.Join, pid, group);

    public static byte[] EncodeLeave(uint pid, string group) => EncodeMembership(CpgMessageType.Leave, pid, group);

    public static byte[] EncodeProcessDown(uint pid, string group) => EncodeMembership(CpgMessageType.ProcessDown, pid, group);

    public static byte[] EncodeMessage(uint pid, string group, ReadOnlySpan<byte> payload)
    {
        int n = RequireGroup(group);
        var buffer = new byte[MessageLength(n, payload.Length)];
        var span = buffer.AsSpan();
        WriteHeader(span, CpgMessageType.Message, 0);
        int at = WriteProcess(span, HeaderBytes, pid, group, n);
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], (uint)payload.Length);
        payload.CopyTo(span[(at + 4)..]);
        return buffer;
    }

    /// <summary>Encoded length of one sync entry.</summary>
    public static int SyncEntryLength(int groupBytes) => 4 + 1 + groupBytes;

    public static byte[] EncodeSyncJoinList(RingId ring, bool final, IReadOnlyList<CpgSyncEntry> entries)
    {
        if (entries.Count > CpgLimits.SyncEntriesPerChunkMax)
            throw new ArgumentException($"a sync chunk holds at most {CpgLimits.SyncEntriesPerChunkMax} entries (got {entries.Count})", nameof(entries));
        int length = SyncHeaderBytes;
        var lengths = new int[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            lengths[i] = RequireGroup(entries[i].Group);
            length += SyncEntryLength(lengths[i]);
        }
        var buffer = new byte[length];
        var span = buffer.AsSpan();
        WriteHeader(span, CpgMessageType.SyncJoinList, final ? FinalFlag : (byte)0);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], ring.Representative.Value);
        BinaryPrimitives.WriteUInt64BigEndian(span[8..], ring.Sequence);
        BinaryPrimitives.WriteUInt16BigEndian(span[16..], (ushort)entries.Count);
        int at = SyncHeaderBytes;
        for (int i = 0; i < entries.Count; i++) at = WriteProcess(span, at, entries[i].Pid, entries[i].Group, lengths[i]);
        return buffer;
    }

    public static CpgDecodeStatus TryDecode(ReadOnlySpan<byte> data, out CpgDecoded message)
    {
        message = default;
        if (data.Length < HeaderBytes) return CpgDecodeStatus.TooShort;
        if (data[0] != Magic) return CpgDecodeStatus.BadMagic;
        if (data[1] != Version) return CpgDecodeStatus.UnsupportedVersion;
        byte flags = data[3];
        var type = (CpgMessageType)data[2];
        switch (type)
        {
            case CpgMessageType.Join or CpgMessageType.Leave or CpgMessageType.ProcessDown:
            {
                if (flags != 0) return CpgDecodeStatus.InvalidField;
                var status = ReadProcess(data, HeaderBytes, out uint pid, out string? group, out int end);
                if (status != CpgDecodeStatus.Ok) return status;
                if (end != data.Length) return CpgDecodeStatus.BadLength;
                message = new CpgDecoded(type, pid, group!, default);
                return CpgDecodeStatus.Ok;
            }
            case CpgMessageType.Message:
            {
                if (flags != 0) return CpgDecodeStatus.InvalidField;
                var status = ReadProcess(data, HeaderBytes, out uint pid, out string? group, out int end);
                if (status != CpgDecodeStatus.Ok) return status;
                if (data.Length - end < 4) return CpgDecodeStatus.TooShort;
                uint length = BinaryPrimitives.ReadUInt32BigEndian(data[end..]);
                if (length != (uint)(data.Length - end - 4)) return CpgDecodeStatus.BadLength;
                message = new CpgDecoded(type, pid, group!, data[(end + 4)..]);
                return CpgDecodeStatus.Ok;
            }
            case CpgMessageType.SyncJoinList:
                return DecodeSync(data, flags, out message);
            default:
                return CpgDecodeStatus.UnknownType;
        }
    }

    private static CpgDecodeStatus DecodeSync(ReadOnlySpan<byte> data, byte flags, out CpgDecoded message)
    {
        message = default;
        if ((flags & ~FinalFlag) != 0) return CpgDecodeStatus.InvalidField;
        if (data.Length < SyncHeaderBytes) return CpgDecodeStatus.TooShort;
        var ring = new RingId(new NodeId(BinaryPrimitives.ReadUInt32BigEndian(data[4..])), BinaryPrimitives.ReadUInt64BigEndian(data[8..]));
        if (ring.Representative.IsNone) return CpgDecodeStatus.InvalidField;
        int count = BinaryPrimitives.ReadUInt16BigEndian(data[16..]);
        // Each entry takes at least 6 bytes: refuse an impossible count before allocating for it.
        if (count * 6L > data.Length - SyncHeaderBytes) return CpgDecodeStatus.BadLength;
        var entries = new CpgSyncEntry[count];
        int at = SyncHeaderBytes;
        for (int i = 0; i < count; i++)
        {
            var status = ReadProcess(data, at, out uint pid, out string? group, out at);
            if (status != CpgDecodeStatus.Ok) return status == CpgDecodeStatus.TooShort ? CpgDecodeStatus.BadLength : status;
            entries[i] = new CpgSyncEntry(group!, pid);
        }
        if (at != data.Length) return CpgDecodeStatus.BadLength;
        message = new CpgDecoded(ring, (flags & FinalFlag) != 0, entries);
        return CpgDecodeStatus.Ok;
    }

    private static CpgDecodeStatus ReadProcess(ReadOnlySpan<byte> data, int at, out uint pid, out string? group, out int end)
    {
        pid = 0;
        group = null;
        end = at;
        if (data.Length - at < 5) return CpgDecodeStatus.TooShort;
        pid = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
        int n = data[at + 4];
        if (data.Length - at - 5 < n) return CpgDecodeStatus.TooShort;
        group = CpgGroupName.TryRead(data.Slice(at + 5, n));
        if (group is null) return CpgDecodeStatus.InvalidGroup;
        end = at + 5 + n;
        return CpgDecodeStatus.Ok;
    }

    private static byte[] EncodeMembership(CpgMessageType type, uint pid, string group)
    {
        int n = RequireGroup(group);
        var buffer = new byte[HeaderBytes + 5 + n];
        WriteHeader(buffer, type, 0);
        WriteProcess(buffer, HeaderBytes, pid, group, n);
        return buffer;
    }

    private static int RequireGroup(string group)
    {
        int n = CpgGroupName.EncodedLength(group);
        if (n == 0) throw new ArgumentException($"invalid group name \"{group}\": 1-{CpgLimits.GroupNameBytesMax} UTF-8 bytes", nameof(group));
        return n;
    }

    private static void WriteHeader(Span<byte> span, CpgMessageType type, byte flags)
    {
        span[0] = Magic;
        span[1] = Version;
        span[2] = (byte)type;
        span[3] = flags;
    }

    private static int WriteProcess(Span<byte> span, int at, uint pid, string group, int groupBytes)
    {
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], pid);
        span[at + 4] = (byte)groupBytes;
        CpgGroupName.Write(group, span[(at + 5)..]);
        return at + 5 + groupBytes;
    }
}
