using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Concord.Simulation;

/// <summary>
/// A short human description of a Totem datagram for traces. Reads the documented wire layout
/// directly (the codecs are internal to Concord.Totem) and never throws on odd input.
/// </summary>
internal static class DatagramText
{
    public static string Describe(byte[] d)
    {
        try
        {
            if (d.Length < 6) return $"?{d.Length}b";
            var s = d.AsSpan(6);
            return d[1] switch
            {
                1 => Token(s),
                2 => Mcast(s, d.Length),
                3 => Join(s),
                4 => Commit(s),
                5 => $"merge-detect ring={Ring(s)}",
                6 => $"leave inc={U32(s, 0)}",
                _ => $"type{d[1]} {d.Length}b",
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            return $"truncated type{d[1]} {d.Length}b";
        }
    }

    private static uint U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);

    private static ulong U64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);

    private static ushort U16(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt16LittleEndian(s[at..]);

    private static string Ring(ReadOnlySpan<byte> s) => $"{U32(s, 0)}.{U64(s, 4):x}";

    private static string Token(ReadOnlySpan<byte> s)
    {
        // ring(12) tokenSeq seq aru (8 each) aruId fcc backlog (4 each) flags(1) count(2) retransmit list
        byte flags = s[48];
        int count = U16(s, 49);
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"token ring={Ring(s)} tseq={U64(s, 12)} seq={U64(s, 20)} aru={U64(s, 28)} aruid={U32(s, 36)} fcc={U32(s, 40)} backlog={U32(s, 44)}");
        if ((flags & 1) != 0) sb.Append(" RETRANS");
        if ((flags & 2) != 0) sb.Append(" INSTALL");
        if (count > 0)
        {
            sb.Append(" rtr=[");
            for (int i = 0; i < Math.Min(count, 8); i++) sb.Append(i > 0 ? "," : "").Append(U64(s, 51 + (8 * i)));
            sb.Append(count > 8 ? ",...]" : "]");
        }
        return sb.ToString();
    }

    private static string Mcast(ReadOnlySpan<byte> s, int length)
    {
        // ring(12) seq(8) origin(4) flags(1) messageNumber(4) fragIndex(2) fragCount(2) len(4)
        byte flags = s[24];
        string kind = ((flags & 2) != 0 ? "recovery" : (flags & 1) != 0 ? "safe" : "agreed") + ((flags & 4) != 0 ? " packed" : "");
        return string.Create(CultureInfo.InvariantCulture,
            $"mcast ring={Ring(s)} seq={U64(s, 12)} origin={U32(s, 20)} {kind} msg={U32(s, 25)} frag={U16(s, 29)}/{U16(s, 31)} {length}b");
    }

    private static string Join(ReadOnlySpan<byte> s)
    {
        int procCount = U16(s, 12);
        var proc = new List<uint>();
        for (int i = 0; i < procCount; i++) proc.Add(U32(s, 14 + (4 * i)));
        int at = 14 + (4 * procCount);
        int failCount = U16(s, at);
        var fail = new List<uint>();
        for (int i = 0; i < failCount; i++) fail.Add(U32(s, at + 2 + (4 * i)));
        return string.Create(CultureInfo.InvariantCulture,
            $"join inc={U32(s, 0)} ringseq={U64(s, 4):x} proc=[{string.Join(',', proc)}] fail=[{string.Join(',', fail)}]");
    }

    private static string Commit(ReadOnlySpan<byte> s)
    {
        int count = U16(s, 15);
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"commit ring={Ring(s)} pass={s[12]} index={U16(s, 13)} [");
        for (int i = 0; i < count; i++)
        {
            var e = s.Slice(17 + (41 * i), 41);
            if (i > 0) sb.Append("; ");
            sb.Append(CultureInfo.InvariantCulture, $"{U32(e, 0)}:old={U32(e, 4)}.{U64(e, 8):x} aru={U64(e, 16)} hd={U64(e, 24)} hs={U64(e, 32)}");
        }
        return sb.Append(']').ToString();
    }
}
