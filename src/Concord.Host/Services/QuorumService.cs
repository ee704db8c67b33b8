using System.Globalization;
using System.Text.Json.Nodes;
using Concord.Configuration;
using Concord.Core;
using Concord.Host.Admin;
using Concord.Host.Logging;
using Concord.Host.Loop;
using Concord.Services.Quorum;
using Concord.Totem;
using Microsoft.Extensions.Logging;

namespace Concord.Host.Services;

/// <summary>
/// Votequorum on the ring: feeds the engine regular configurations and its members' state
/// messages in total order, so every member reaches the same verdict for the same ring; answers
/// `concord quorum` and its expected/votes changes.
/// </summary>
internal sealed class QuorumService : IRingService, IQuorumHost
{
    private readonly EventLoop _loop;
    private readonly RingServices _ring;
    private readonly ILogger _logger;
    private readonly StateFiles _state;
    private readonly Func<NodeId, string> _nameOf;
    private readonly QuorumEngine _engine;
    private bool? _lastQuorate;

    public QuorumService(EventLoop loop, RingServices ring, ILogger logger, StateFiles state, Func<NodeId, string> nameOf,
        QuorumOptions options, NodeId self)
    {
        _loop = loop;
        _ring = ring;
        _logger = logger;
        _state = state;
        _nameOf = nameOf;
        _engine = new QuorumEngine(options, self, this, (uint)Math.Min(uint.MaxValue, state.Read(StateFiles.ExpectedVotesBarrier)));
        foreach (var warning in _engine.Warnings) _logger.ConfigWarning(warning.ToString());
    }

    public ServiceId Id => ServiceId.Quorum;

    public bool IsQuorate => _engine.IsQuorate;

    /// <summary>The engine's options from the config's quorum section and nodelist votes.</summary>
    public static QuorumOptions OptionsFor(ClusterConfig config) => new()
    {
        ExpectedVotes = (uint)(config.Quorum.ExpectedVotes ?? 0),
        Nodes = [.. config.Nodes.Select(n => new QuorumNodeOptions(new NodeId(n.NodeId), (uint)n.QuorumVotes))],
        TwoNode = config.Quorum.TwoNode,
        WaitForAll = config.Quorum.WaitForAll,
        LastManStanding = config.Quorum.LastManStanding,
        LastManStandingWindowMs = (uint)config.Quorum.LastManStandingWindowMs,
        AutoTieBreaker = config.Quorum.AutoTieBreaker,
        AutoTieBreakerNode = config.Quorum.AutoTieBreakerMode switch
        {
            Concord.Configuration.TieBreakerMode.Highest => "highest",
            Concord.Configuration.TieBreakerMode.List => string.Join(' ', config.Quorum.AutoTieBreakerNodes),
            _ => "lowest",
        },
        AllowDownscale = config.Quorum.AllowDownscale,
        ExpectedVotesTracking = config.Quorum.ExpectedVotesTracking,
    };

    public void Start() => _engine.Start(EventLoop.NowMs);

    public void OnConfiguration(TotemConfiguration configuration)
    {
        if (configuration.Kind == ConfigurationKind.Regular)
            _engine.OnConfigurationChange(new QuorumMembership(configuration.RingId, configuration.Members), EventLoop.NowMs);
    }

    public void OnDelivery(TotemDelivery delivery, ReadOnlySpan<byte> payload) =>
        _engine.OnDelivery(delivery.Sender, payload, EventLoop.NowMs);

    public void Broadcast(QuorumMessage message) => _ring.Broadcast(ServiceId.Quorum, QuorumCodec.Encode(message));

    public void ArmTimer(QuorumTimer timer, long dueAtMs) =>
        _loop.Arm((nameof(QuorumService), timer), dueAtMs, () => _engine.OnTimer(timer, EventLoop.NowMs));

    public void CancelTimer(QuorumTimer timer) => _loop.Cancel((nameof(QuorumService), timer));

    /// <summary>Every verdict, for the other services and local clients (in the ring's order).</summary>
    public event Action<QuorumStatus>? Changed;

    public void QuorumChanged(QuorumEvent change)
    {
        var s = change.Status;
        Changed?.Invoke(s);
        if (_lastQuorate == s.Quorate) return;
        _lastQuorate = s.Quorate;
        if (s.Quorate) _logger.Quorate(s.TotalVotes, s.ExpectedVotes, s.Quorum, s.RingId.ToString());
        else _logger.NotQuorate(s.TotalVotes, s.ExpectedVotes, s.Quorum, s.RingId.ToString());
    }

    public void PersistExpectedVotesBarrier(uint barrier) => _state.Write(StateFiles.ExpectedVotesBarrier, barrier);

    /// <summary>`concord quorum`: corosync-quorumtool -s as text, plus the same as JSON.</summary>
    public JsonObject Status()
    {
        var status = _engine.GetStatus();
        var names = status.Members.ToDictionary(m => m.NodeId, m => _nameOf(m.NodeId));
        var json = JsonNode.Parse(QuorumStatusFormatter.FormatJson(status, names))!.AsObject();
        json["text"] = QuorumStatusFormatter.FormatText(status, names);
        return AdminServer.Ok(json);
    }

    public JsonObject SetExpected(JsonObject request)
    {
        if (request["expected"] is not JsonNode n || !uint.TryParse(n.ToString(), out uint expected))
            return AdminServer.Error("quorum expected needs a number of votes", 64);
        return Answer(_engine.SetExpectedVotes(expected, EventLoop.NowMs));
    }

    public JsonObject CancelWaitForAll(JsonObject request) => Answer(_engine.CancelWaitForAll(EventLoop.NowMs));

    /// <summary>Clean shutdown: tell the others we leave (allow_downscale lowers expected votes for it).</summary>
    public void Leave() => _engine.Leave(EventLoop.NowMs);

    public JsonObject SetVotes(JsonObject request)
    {
        if (request["node"] is not JsonNode node || !uint.TryParse(node.ToString(), out uint id)
            || request["votes"] is not JsonNode v || !uint.TryParse(v.ToString(), out uint votes))
            return AdminServer.Error("quorum votes needs a node id and a number of votes", 64);
        return Answer(_engine.SetVotes(new NodeId(id), votes, EventLoop.NowMs));
    }

    private static JsonObject Answer(QuorumAdminResult result) =>
        result.IsAccepted ? AdminServer.Ok(new JsonObject { ["message"] = result.Message }) : AdminServer.Error(result.Message, 65);
}
