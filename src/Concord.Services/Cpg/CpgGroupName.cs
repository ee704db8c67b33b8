using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Concord.Services.Cpg;

/// <summary>Group names: 1 to <see cref="CpgLimits.GroupNameBytesMax"/> bytes of valid UTF-8.</summary>
public static class CpgGroupName
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Whether <paramref name="name"/> is a valid group name.</summary>
    public static bool IsValid(string? name) => name is not null && EncodedLength(name) > 0;

    /// <summary>The UTF-8 length of a valid name; 0 if the name is invalid.</summary>
    public static int EncodedLength(string name)
    {
        if (name.Length == 0 || name.Length > CpgLimits.GroupNameBytesMax) return 0;
        Span<byte> buffer = stackalloc byte[CpgLimits.GroupNameBytesMax * 3];
        var status = Utf8.FromUtf16(name, buffer, out _, out int written, replaceInvalidSequences: false);
        return status == OperationStatus.Done && written <= CpgLimits.GroupNameBytesMax ? written : 0;
    }

    /// <summary>Writes a valid name's UTF-8 bytes; returns the count.</summary>
    internal static int Write(string name, Span<byte> destination) => Strict.GetBytes(name, destination);

    /// <summary>Decodes name bytes from the wire; null if the length or the UTF-8 is invalid.</summary>
    internal static string? TryRead(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0 || bytes.Length > CpgLimits.GroupNameBytesMax || !Utf8.IsValid(bytes)) return null;
        return Strict.GetString(bytes);
    }
}
