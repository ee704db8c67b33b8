using System.Security.Cryptography;
using Concord.Configuration;
using Concord.Transport;

namespace Concord.Host.Net;

/// <summary>
/// <see cref="IEnvelope"/> over Concord.Transport: AES-256-GCM bound to the cluster name, with a
/// per-boot epoch (persisted, so a restart always picks a larger one) and replay protection.
/// </summary>
internal sealed class TransportEnvelope : IEnvelope, IDisposable
{
    private readonly DatagramSealer _sealer;
    private readonly DatagramOpener _opener;
    private readonly byte[] _plaintext = new byte[65_536];

    private TransportEnvelope(DatagramSealer sealer, DatagramOpener opener)
    {
        _sealer = sealer;
        _opener = opener;
    }

    public static TransportEnvelope Create(ClusterConfig config, uint self, byte[] authKey, StateFiles state)
    {
        ulong epoch = NextEpoch(state);
        var senders = config.Nodes.Select(n => n.NodeId).Where(id => id != self);
        string cluster = config.Totem.ClusterName;
        return config.Totem.Encrypted
            ? new TransportEnvelope(new DatagramSealer(authKey, cluster, self, epoch), new DatagramOpener(authKey, cluster, senders))
            : new TransportEnvelope(DatagramSealer.CreatePlain(cluster, self, epoch), DatagramOpener.CreatePlain(cluster, senders));
    }

    /// <summary>Runtime reload: follow the nodelist.</summary>
    public void SetSenders(IEnumerable<uint> nodes, IEnumerable<uint> removed, uint self)
    {
        foreach (uint node in removed) _opener.RemoveSender(node);
        foreach (uint node in nodes.Where(n => n != self)) _opener.AddSender(node);
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext, byte link)
    {
        var output = new byte[_sealer.SealedLength(plaintext.Length)];
        int length = _sealer.Seal(plaintext, link, output);
        return length == output.Length ? output : output[..length];
    }

    public bool TryOpen(ReadOnlySpan<byte> datagram, out uint sender, out byte link, out byte[] plaintext, out string dropReason)
    {
        var result = _opener.TryOpen(datagram, _plaintext, out sender, out link, out int length);
        if (result == OpenResult.Ok)
        {
            plaintext = _plaintext.AsSpan(0, length).ToArray();
            dropReason = "";
            return true;
        }
        plaintext = [];
        dropReason = result switch
        {
            OpenResult.AuthenticationFailed => "authentication failed (wrong authkey or tampered)",
            OpenResult.WrongCluster => "datagram for another cluster_name",
            OpenResult.UnknownSender => "sender not in nodelist",
            OpenResult.Replay => "replayed datagram",
            OpenResult.StaleEpoch => "datagram from an earlier boot of the sender",
            OpenResult.CipherMismatch => "crypto_cipher differs from the sender's",
            OpenResult.BadMagicOrVersion => "not a Concord datagram",
            _ => "malformed datagram",
        };
        return false;
    }

    /// <summary>The epoch must exceed every earlier boot's: wall clock, kept above the persisted one.</summary>
    private static ulong NextEpoch(StateFiles state)
    {
        ulong now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        ulong epoch = TransportEpoch.Next(now, state.Read(StateFiles.Epoch), (ushort)RandomNumberGenerator.GetInt32(0, 65_536));
        state.Write(StateFiles.Epoch, epoch);
        return epoch;
    }

    public void Dispose()
    {
        _sealer.Dispose();
        _opener.Dispose();
    }
}
