using System.Net;

namespace Concord.Host.Net;

/// <summary>Health of one link to one peer, from heartbeats (as knet's per-link ping/pong).</summary>
internal sealed class LinkState(byte number, IPEndPoint remote)
{
    public byte Number { get; } = number;
    public IPEndPoint Remote { get; } = remote;
    public bool Up { get; set; }
    public long LastHeardMs { get; set; } = -1;
    /// <summary>Smoothed round trip of heartbeats, ms.</summary>
    public double LatencyMs { get; set; }
    public long DatagramsSent { get; set; }
    public long DatagramsReceived { get; set; }
    public long UpTransitions { get; set; }
    public long DownTransitions { get; set; }
}

/// <summary>Why incoming datagrams were dropped, counted for `concord links` and `concord status`.</summary>
internal sealed class DropCounters
{
    private readonly Dictionary<string, long> _byReason = [];

    public void Count(string reason) => _byReason[reason] = _byReason.GetValueOrDefault(reason) + 1;

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_byReason);
}
