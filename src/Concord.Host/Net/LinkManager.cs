using System.Buffers.Binary;
using System.Net;
using Concord.Core;
using Concord.Host.Loop;

namespace Concord.Host.Net;

/// <summary>
/// Redundant links (ring0_addr … ring7_addr): one socket per local link, heartbeats per peer and
/// link, and for every Totem datagram the healthiest link to its destination. A failed link moves
/// traffic to another without Totem noticing, so membership does not change. Loop thread only,
/// except <see cref="OnReceived"/> which the socket threads call.
/// </summary>
internal sealed class LinkManager : IDisposable
{
    private const byte KindTotem = 0;
    private const byte KindPing = 1;
    private const byte KindPong = 2;

    private readonly EventLoop _loop;
    private readonly IEnvelope _envelope;
    private readonly LinkTiming _timing;
    private readonly Action<NodeId, byte[]> _deliverTotem;
    private readonly Action<NodeId, byte, bool> _onLinkChange;
    private readonly Dictionary<byte, UdpLink> _links = [];
    private Dictionary<NodeId, LinkState[]> _peers;
    private readonly Dictionary<byte, FragmentReassembly> _reassembly = [];
    private volatile Dictionary<byte, HashSet<IPAddress>> _peerAddresses;
    private uint _nextDatagramId;
    private byte[]? _lastTotem;
    private byte _lastTotemLink;
    private (byte[] Wire, int Count)? _lastTotemPackets;

    public LinkManager(
        EventLoop loop,
        IEnvelope envelope,
        LinkTiming timing,
        IReadOnlyDictionary<byte, IPEndPoint> localLinks,
        Dictionary<NodeId, LinkState[]> peers,
        Action<NodeId, byte[]> deliverTotem,
        Action<NodeId, byte, bool> onLinkChange,
        int packetBytesMax)
    {
        _loop = loop;
        _envelope = envelope;
        _timing = timing;
        _peers = peers;
        _deliverTotem = deliverTotem;
        _onLinkChange = onLinkChange;
        foreach (var (number, endpoint) in localLinks)
        {
            _links[number] = new UdpLink(number, endpoint, OnReceived, packetBytesMax);
            // Each link's receive thread reassembles its own fragments; drops are counted on the loop.
            _reassembly[number] = new FragmentReassembly { Dropped = reason => _loop.Post(() => Drops.Count(reason)) };
        }
        _peerAddresses = PeerAddresses(peers);
    }

    private static Dictionary<byte, HashSet<IPAddress>> PeerAddresses(Dictionary<NodeId, LinkState[]> peers)
    {
        var byLink = new Dictionary<byte, HashSet<IPAddress>>();
        foreach (var link in peers.Values.SelectMany(l => l))
        {
            if (!byLink.TryGetValue(link.Number, out var addresses)) byLink[link.Number] = addresses = [];
            addresses.Add(link.Remote.Address);
        }
        return byLink;
    }

    public DropCounters Drops { get; } = new();

    public IEnumerable<UdpLink> LocalLinks => _links.Values;

    public IReadOnlyDictionary<NodeId, LinkState[]> Peers => _peers;

    public void Start()
    {
        foreach (var link in _links.Values) link.Start();
        Heartbeat();
    }

    /// <summary>Runtime reload: new peer set; health of unchanged links is kept.</summary>
    public void ReplacePeers(Dictionary<NodeId, LinkState[]> peers)
    {
        foreach (var (node, links) in peers)
        {
            if (!_peers.TryGetValue(node, out var old)) continue;
            foreach (var link in links)
            {
                var previous = old.FirstOrDefault(o => o.Number == link.Number && o.Remote.Equals(link.Remote));
                if (previous is null) continue;
                link.Up = previous.Up;
                link.LastHeardMs = previous.LastHeardMs;
                link.LatencyMs = previous.LatencyMs;
            }
        }
        _peers = peers;
        _peerAddresses = PeerAddresses(peers);
    }

    /// <summary>Send one Totem datagram to <paramref name="destination"/> over its best link.</summary>
    public void SendTotem(NodeId destination, byte[] datagram)
    {
        if (!_peers.TryGetValue(destination, out var links) || links.Length == 0) return;
        var best = BestLink(links);
        if (best is not null && _lastTotemPackets is not null && ReferenceEquals(datagram, _lastTotem) && best.Number == _lastTotemLink
            && _links.TryGetValue(best.Number, out var socket))
        {
            // Totem multicasts by sending one datagram to each member: seal (and cut) it once, not per
            // member (each receiver keeps its own replay window, so the same ciphertext is fine).
            socket.Send(_lastTotemPackets.Value.Wire, _lastTotemPackets.Value.Count, best.Remote);
            best.DatagramsSent++;
            return;
        }
        var framed = new byte[datagram.Length + 1];
        framed[0] = KindTotem;
        datagram.CopyTo(framed, 1);
        if (best is not null)
        {
            _lastTotem = datagram;
            _lastTotemLink = best.Number;
            _lastTotemPackets = SendOn(best, framed);
            return;
        }
        // No link known to be up (start-up, or all down): try every link.
        foreach (var link in links) SendOn(link, framed);
    }

    private static LinkState? BestLink(LinkState[] links)
    {
        LinkState? best = null;
        foreach (var link in links)
        {
            if (link.Up && (best is null || link.Number < best.Number)) best = link;
        }
        return best;
    }

    /// <summary>Seal and send; a datagram larger than one packet goes as fragments. Returns the packets sent.</summary>
    private (byte[] Wire, int Count)? SendOn(LinkState link, byte[] plaintext)
    {
        if (!_links.TryGetValue(link.Number, out var socket)) return null;
        var sealedDatagram = _envelope.Seal(plaintext, link.Number);
        var packets = LinkFragments.Split(sealedDatagram, ++_nextDatagramId, socket.PacketBytesMax);
        socket.Send(packets.Wire, packets.Count, link.Remote);
        link.DatagramsSent++;
        return packets;
    }

    /// <summary>
    /// Socket threads: put fragments back together (here, so the loop sees only whole datagrams),
    /// then hand the datagram to the loop, where all state lives.
    /// </summary>
    private void OnReceived(byte linkNumber, IPEndPoint from, byte[] datagram)
    {
        if (LinkFragments.IsFragment(datagram))
        {
            // Fragments are not authenticated before reassembly: take them only from nodelist addresses.
            if (!_peerAddresses.TryGetValue(linkNumber, out var addresses) || !addresses.Contains(from.Address))
            {
                _loop.Post(() => Drops.Count("source address does not match the nodelist"));
                return;
            }
            if (_reassembly[linkNumber].Add(from, datagram, EventLoop.NowMs) is not { } whole) return;
            datagram = whole;
        }
        _loop.RunOrPost(() => Process(linkNumber, from, datagram));
    }

    private void Process(byte linkNumber, IPEndPoint from, byte[] datagram)
    {
        if (!_envelope.TryOpen(datagram, out uint sender, out byte link, out var plaintext, out string reason))
        {
            Drops.Count(reason);
            return;
        }
        var node = new NodeId(sender);
        if (!_peers.TryGetValue(node, out var links))
        {
            Drops.Count("sender not in nodelist");
            return;
        }
        var state = links.FirstOrDefault(l => l.Number == linkNumber);
        if (state is null || link != linkNumber || !state.Remote.Address.Equals(from.Address))
        {
            Drops.Count("source address does not match the nodelist");
            return;
        }
        if (plaintext.Length == 0)
        {
            Drops.Count("empty datagram");
            return;
        }
        state.DatagramsReceived++;
        MarkHeard(node, state);
        switch (plaintext[0])
        {
            case KindTotem:
                _deliverTotem(node, plaintext[1..]);
                break;
            case KindPing when plaintext.Length == 9:
                plaintext[0] = KindPong;
                SendOn(state, plaintext);
                break;
            case KindPong when plaintext.Length == 9:
                long sentMs = BinaryPrimitives.ReadInt64LittleEndian(plaintext.AsSpan(1));
                double rtt = Math.Max(0, EventLoop.NowMs - sentMs);
                state.LatencyMs = state.LatencyMs == 0 ? rtt : (0.8 * state.LatencyMs) + (0.2 * rtt);
                break;
            default:
                Drops.Count("unknown datagram kind");
                break;
        }
    }

    private void MarkHeard(NodeId node, LinkState state)
    {
        state.LastHeardMs = EventLoop.NowMs;
        if (state.Up) return;
        state.Up = true;
        state.UpTransitions++;
        _onLinkChange(node, state.Number, true);
    }

    private void Heartbeat()
    {
        long now = EventLoop.NowMs;
        var ping = new byte[9];
        ping[0] = KindPing;
        BinaryPrimitives.WriteInt64LittleEndian(ping.AsSpan(1), now);
        foreach (var (node, links) in _peers)
        {
            foreach (var link in links)
            {
                if (link.Up && now - link.LastHeardMs > _timing.PingTimeoutMs)
                {
                    link.Up = false;
                    link.DownTransitions++;
                    _onLinkChange(node, link.Number, false);
                }
                SendOn(link, ping);
            }
        }
        _loop.Arm(this, now + _timing.PingIntervalMs, Heartbeat);
    }

    public void Dispose()
    {
        _loop.Cancel(this);
        foreach (var link in _links.Values) link.Dispose();
    }
}
