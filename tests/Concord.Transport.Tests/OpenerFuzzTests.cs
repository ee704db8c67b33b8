using CsCheck;

namespace Concord.Transport.Tests;

/// <summary>The opener faces the network: it must never throw and must never accept a modified datagram.</summary>
[Trait("Category", "Unit")]
public sealed class OpenerFuzzTests
{
    private const ulong Epoch = 0x0000_019A_0000_0002;

    private static OpenResult OpenFresh(byte[] datagram, EnvelopeCipher cipher = EnvelopeCipher.Aes256Gcm)
    {
        using DatagramOpener opener = cipher == EnvelopeCipher.Aes256Gcm
            ? new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes)
            : DatagramOpener.CreatePlain(Keys.Cluster, Keys.Nodes);
        var plaintext = new byte[datagram.Length];
        OpenResult result = opener.TryOpen(datagram, plaintext, out _, out _, out int length);
        Assert.True(Enum.IsDefined(result));
        Assert.Equal(1, opener.Counters[result]);
        Assert.True(result == OpenResult.Ok ? length == datagram.Length - DatagramEnvelope.OverheadBytes(cipher) : length == 0);
        return result;
    }

    private static byte[] Valid(byte[] payload, byte link, EnvelopeCipher cipher = EnvelopeCipher.Aes256Gcm)
    {
        using DatagramSealer sealer = cipher == EnvelopeCipher.Aes256Gcm
            ? new DatagramSealer(Keys.Fixed, Keys.Cluster, 2, Epoch)
            : DatagramSealer.CreatePlain(Keys.Cluster, 2, Epoch);
        return Keys.Seal(sealer, payload, link);
    }

    private static readonly Gen<byte[]> ValidDatagrams =
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Byte[0, 7]).Select((payload, link) => Valid(payload, link));

    [Fact]
    public void TryOpen_RandomBytes_NeverThrowsAndNeverAccepts()
    {
        Gen.Byte.Array[0, 200].Sample(bytes => OpenFresh(bytes) != OpenResult.Ok, iter: 5000);
    }

    [Fact]
    public void TryOpen_RandomBytesBehindValidMagic_NeverThrowsAndNeverAccepts()
    {
        Gen.Byte.Array[0, 200]
            .Select(tail => (byte[])[DatagramEnvelope.Magic0, DatagramEnvelope.Magic1, DatagramEnvelope.Version, 1, .. tail])
            .Sample(bytes => OpenFresh(bytes) != OpenResult.Ok, iter: 5000);
    }

    [Fact]
    public void TryOpen_ValidDatagram_IsAccepted()
    {
        ValidDatagrams.Sample(datagram => OpenFresh(datagram) == OpenResult.Ok, iter: 300);
    }

    [Fact]
    public void TryOpen_AnySingleBitFlip_IsNeverAccepted()
    {
        Gen.Select(ValidDatagrams, Gen.Int.Positive, Gen.Int[0, 7]).Sample((datagram, position, bit) =>
        {
            datagram[position % datagram.Length] ^= (byte)(1 << bit);
            return OpenFresh(datagram) != OpenResult.Ok;
        }, iter: 3000);
    }

    [Fact]
    public void TryOpen_AnyTruncation_IsNeverAccepted()
    {
        Gen.Select(ValidDatagrams, Gen.Int.Positive).Sample((datagram, cut) =>
        {
            byte[] truncated = datagram[..(cut % datagram.Length)];
            return OpenFresh(truncated) != OpenResult.Ok;
        }, iter: 2000);
    }

    [Fact]
    public void TryOpen_PlainModeMutations_NeverThrow()
    {
        Gen.Select(Gen.Byte.Array[0, 100], Gen.Int.Positive, Gen.Byte, Gen.Int[0, 40]).Sample((payload, position, value, cut) =>
        {
            byte[] datagram = Valid(payload, 0, EnvelopeCipher.None);
            datagram[position % datagram.Length] = value;
            OpenFresh(datagram, EnvelopeCipher.None);
            OpenFresh(datagram[..Math.Max(0, datagram.Length - cut)], EnvelopeCipher.None);
        }, iter: 3000);
    }

    [Fact]
    public void TryOpen_InterleavedStreamWithReplaysAndRestarts_AcceptsEachDatagramAtMostOnce()
    {
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 60], Gen.Bool).Array[1, 300].Sample(steps =>
        {
            DatagramSealer[] boots = [.. Enumerable.Range(0, 3).Select(b => new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch + (ulong)b))];
            using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);
            var sent = new List<(int Boot, byte[] Datagram)>();
            var accepted = new HashSet<(int, ulong)>();
            int newestBootAccepted = -1;
            try
            {
                foreach ((int boot, int replayIndex, bool replay) in steps)
                {
                    (int Boot, byte[] Datagram) item = replay && sent.Count > 0
                        ? sent[replayIndex % sent.Count]
                        : (boot, Keys.Seal(boots[boot], [1]));
                    if (!replay) sent.Add(item);
                    ulong counter = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(item.Datagram.AsSpan(24));
                    OpenResult result = Keys.Open(opener, item.Datagram).Result;
                    if (result == OpenResult.Ok)
                    {
                        Assert.True(accepted.Add((item.Boot, counter)), "a datagram was accepted twice");
                        Assert.True(item.Boot >= newestBootAccepted, "an older boot was accepted after a newer one");
                        newestBootAccepted = item.Boot;
                    }
                    else
                    {
                        Assert.True(result is OpenResult.Replay or OpenResult.StaleEpoch, result.ToString());
                    }
                }
            }
            finally
            {
                foreach (DatagramSealer sealer in boots) sealer.Dispose();
            }
        }, iter: 200);
    }
}
