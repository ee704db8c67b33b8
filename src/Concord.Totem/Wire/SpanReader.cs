using System.Buffers.Binary;

namespace Concord.Totem.Wire;

/// <summary>Bounds-checked little-endian reader: every read reports failure instead of throwing.</summary>
internal ref struct SpanReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Remaining => _data.Length - _position;

    public bool TryU8(out byte value)
    {
        value = 0;
        if (Remaining < 1) return false;
        value = _data[_position++];
        return true;
    }

    public bool TryU16(out ushort value)
    {
        value = 0;
        if (Remaining < 2) return false;
        value = BinaryPrimitives.ReadUInt16LittleEndian(_data[_position..]);
        _position += 2;
        return true;
    }

    public bool TryU32(out uint value)
    {
        value = 0;
        if (Remaining < 4) return false;
        value = BinaryPrimitives.ReadUInt32LittleEndian(_data[_position..]);
        _position += 4;
        return true;
    }

    public bool TryU64(out ulong value)
    {
        value = 0;
        if (Remaining < 8) return false;
        value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return true;
    }

    public bool TryBytes(int length, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (length < 0 || Remaining < length) return false;
        value = _data.Slice(_position, length);
        _position += length;
        return true;
    }
}

/// <summary>Little-endian writer over a buffer sized up front by the encoder.</summary>
internal ref struct SpanWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _position;

    public readonly int Written => _position;

    public void U8(byte value) => _buffer[_position++] = value;

    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_position..], value);
        _position += 2;
    }

    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_position..], value);
        _position += 4;
    }

    public void U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_position..], value);
        _position += 8;
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }
}
