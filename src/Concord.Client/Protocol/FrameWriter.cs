using System.Buffers.Binary;
using System.Text;

namespace Concord.Client.Protocol;

/// <summary>Builds one frame: type, then fields, then <see cref="ToArray"/> prefixes the length.</summary>
internal sealed class FrameWriter
{
    private byte[] _buffer = new byte[256];
    private int _length = 5;

    public FrameWriter(FrameType type) => _buffer[4] = (byte)type;

    private Span<byte> Take(int bytes)
    {
        if (_length + bytes > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        var span = _buffer.AsSpan(_length, bytes);
        _length += bytes;
        return span;
    }

    public FrameWriter U8(byte value)
    {
        Take(1)[0] = value;
        return this;
    }

    public FrameWriter U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(Take(2), value);
        return this;
    }

    public FrameWriter U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);
        return this;
    }

    public FrameWriter U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);
        return this;
    }

    public FrameWriter String(string value)
    {
        int bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > ushort.MaxValue) throw new ArgumentException("string too long for a frame", nameof(value));
        U16((ushort)bytes);
        Encoding.UTF8.GetBytes(value, Take(bytes));
        return this;
    }

    public FrameWriter Bytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(Take(value.Length));
        return this;
    }

    public byte[] ToArray()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)(_length - 4));
        return _buffer.AsSpan(0, _length).ToArray();
    }
}

/// <summary>Reads a frame body; every read is checked and a short frame sets <see cref="Failed"/>.</summary>
internal ref struct FrameReader(ReadOnlySpan<byte> body)
{
    private ReadOnlySpan<byte> _rest = body;

    public bool Failed { get; private set; }

    public readonly int Remaining => _rest.Length;

    private ReadOnlySpan<byte> Take(int bytes)
    {
        if (Failed || bytes < 0 || _rest.Length < bytes)
        {
            Failed = true;
            return default;
        }
        var taken = _rest[..bytes];
        _rest = _rest[bytes..];
        return taken;
    }

    public byte U8() => Take(1) is { Length: 1 } s ? s[0] : (byte)0;

    public ushort U16() => Take(2) is { Length: 2 } s ? BinaryPrimitives.ReadUInt16LittleEndian(s) : (ushort)0;

    public uint U32() => Take(4) is { Length: 4 } s ? BinaryPrimitives.ReadUInt32LittleEndian(s) : 0;

    public ulong U64() => Take(8) is { Length: 8 } s ? BinaryPrimitives.ReadUInt64LittleEndian(s) : 0;

    public string String()
    {
        var bytes = Take(U16());
        if (Failed) return "";
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            Failed = true;
            return "";
        }
    }

    public ReadOnlySpan<byte> Rest()
    {
        var rest = _rest;
        _rest = default;
        return rest;
    }
}
