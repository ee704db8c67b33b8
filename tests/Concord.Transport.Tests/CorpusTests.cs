using System.Runtime.CompilerServices;

namespace Concord.Transport.Tests;

/// <summary>
/// Interesting datagrams kept as files under Corpus/, each named "expected-result.description.bin"
/// and opened by a fresh opener (authkey <see cref="Keys.Fixed"/>, cluster "testcluster", nodes
/// 1-3). Regenerate with CONCORD_REGENERATE_CORPUS=1 dotnet test --filter CorpusTests.
/// </summary>
[Trait("Category", "Unit")]
public sealed class CorpusTests
{
    private const ulong Epoch = 0x0000_0190_0000_0001;

    public static TheoryData<string> Files() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.bin").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Files))]
    public void TryOpen_CorpusFile_GivesTheResultInItsName(string file)
    {
        byte[] datagram = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Corpus", file));
        var expected = Enum.Parse<OpenResult>(file.Split('.')[0], ignoreCase: true);
        using var opener = new DatagramOpener(Keys.Fixed, Keys.Cluster, Keys.Nodes);

        Assert.Equal(expected, Keys.Open(opener, datagram).Result);
    }

    [Fact]
    public void Corpus_OnDisk_MatchesGenerator()
    {
        Dictionary<string, byte[]> generated = Generate();
        if (Environment.GetEnvironmentVariable("CONCORD_REGENERATE_CORPUS") == "1")
        {
            string directory = Path.Combine(SourceDirectory(), "Corpus");
            foreach (string old in Directory.GetFiles(directory, "*.bin")) File.Delete(old);
            foreach ((string name, byte[] bytes) in generated) File.WriteAllBytes(Path.Combine(directory, name), bytes);
            return;
        }

        string[] onDisk = [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.bin").Select(f => Path.GetFileName(f)).Order()];
        Assert.Equal(generated.Keys.Order(), onDisk);
        foreach ((string name, byte[] bytes) in generated)
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Corpus", name)));
        }
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static Dictionary<string, byte[]> Generate()
    {
        using var sealer = new DatagramSealer(Keys.Fixed, Keys.Cluster, 1, Epoch);
        using var plain = DatagramSealer.CreatePlain(Keys.Cluster, 1, Epoch);
        using var other = new DatagramSealer(Keys.Fixed, "othercluster", 1, Epoch);
        using var stranger = new DatagramSealer(Keys.Fixed, Keys.Cluster, 99, Epoch);
        using var wrongKey = new DatagramSealer(Keys.Other, Keys.Cluster, 1, Epoch);
        byte[] hello = Keys.Seal(sealer, "hello"u8);
        byte[] Flip(byte[] source, int index, byte mask)
        {
            byte[] copy = [.. source];
            copy[index < 0 ? copy.Length + index : index] ^= mask;
            return copy;
        }

        return new Dictionary<string, byte[]>
        {
            ["ok.hello.bin"] = hello,
            ["ok.empty-payload.bin"] = Keys.Seal(sealer, []),
            ["ok.link7.bin"] = Keys.Seal(sealer, "x"u8, link: 7),
            ["malformed.empty.bin"] = [],
            ["malformed.magic-only.bin"] = [0xC0, 0xDC],
            ["malformed.header-without-tag.bin"] = hello[..32],
            ["malformed.tag-cut-short.bin"] = hello[..40],
            ["malformed.reserved-bits-set.bin"] = Flip(hello, 14, 0x01),
            ["malformed.link8.bin"] = Flip(hello, 12, 0x08),
            ["malformed.cipher-id-7.bin"] = Flip(hello, 3, 0x06),
            ["badmagicorversion.zeros.bin"] = new byte[64],
            ["badmagicorversion.version-2.bin"] = Flip(hello, 2, 0x03),
            ["badmagicorversion.corosync-like.bin"] = [0xFF, 0xFF, 0x01, 0x00, .. new byte[60]],
            ["ciphermismatch.plain-datagram.bin"] = Keys.Seal(plain, "hello"u8),
            ["wrongcluster.other-cluster-name.bin"] = Keys.Seal(other, "hello"u8),
            ["unknownsender.node-99.bin"] = Keys.Seal(stranger, "hello"u8),
            ["authenticationfailed.flipped-tag.bin"] = Flip(hello, -1, 0x01),
            ["authenticationfailed.flipped-ciphertext.bin"] = Flip(hello, 32, 0x01),
            ["authenticationfailed.flipped-counter.bin"] = Flip(hello, 31, 0x01),
            ["authenticationfailed.flipped-epoch.bin"] = Flip(hello, 23, 0x01),
            ["authenticationfailed.wrong-key.bin"] = Keys.Seal(wrongKey, "hello"u8),
        };
    }
}
