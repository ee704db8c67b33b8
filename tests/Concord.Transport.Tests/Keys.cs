namespace Concord.Transport.Tests;

internal static class Keys
{
    public const string Cluster = "testcluster";

    /// <summary>A fixed 256-byte authkey (0, 1, 2, … 255): deterministic datagrams for the corpus.</summary>
    public static byte[] Fixed { get; } = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

    public static byte[] Other { get; } = Enumerable.Range(0, 256).Select(i => (byte)(255 - i)).ToArray();

    public static readonly uint[] Nodes = [1, 2, 3];

    public static byte[] Seal(DatagramSealer sealer, ReadOnlySpan<byte> payload, byte link = 0)
    {
        var buffer = new byte[sealer.SealedLength(payload.Length)];
        Assert.Equal(buffer.Length, sealer.Seal(payload, link, buffer));
        return buffer;
    }

    public static (OpenResult Result, uint Sender, byte Link, byte[] Payload) Open(DatagramOpener opener, ReadOnlySpan<byte> datagram)
    {
        var plaintext = new byte[Math.Max(datagram.Length, 1)];
        OpenResult result = opener.TryOpen(datagram, plaintext, out uint sender, out byte link, out int length);
        return (result, sender, link, plaintext[..length]);
    }
}
