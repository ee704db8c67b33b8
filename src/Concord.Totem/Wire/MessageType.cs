namespace Concord.Totem.Wire;

internal enum MessageType : byte
{
    Token = 1,
    Mcast = 2,
    Join = 3,
    Commit = 4,
    MergeDetect = 5,
    Leave = 6,
}

/// <summary>Common header of every Totem datagram: version, type, sending node.</summary>
internal static class Header
{
    public const byte Version = 1;
    public const int Bytes = 6;

    public static void Write(ref SpanWriter writer, MessageType type, uint sender)
    {
        writer.U8(Version);
        writer.U8((byte)type);
        writer.U32(sender);
    }

    public static bool TryRead(ref SpanReader reader, out MessageType type, out uint sender)
    {
        type = 0;
        sender = 0;
        if (!reader.TryU8(out byte version) || version != Version) return false;
        if (!reader.TryU8(out byte rawType) || rawType < 1 || rawType > 6) return false;
        type = (MessageType)rawType;
        return reader.TryU32(out sender) && sender != 0;
    }
}
