using System.Text.Json.Nodes;
using Concord.Client.Protocol;
using Concord.Core;
using Concord.Host.Admin;
using Concord.Host.Clients;
using Concord.Host.Loop;
using Concord.Services.Cpg;
using Concord.Totem;

namespace Concord.Host.Services;

/// <summary>
/// Process groups on the ring: the CPG engine fed by Totem, answering local clients on the client
/// socket and `concord cpg`. Messages the ring cannot take yet stay in the engine, which is
/// flushed shortly after; a client's next request waits until its send is taken.
/// </summary>
internal sealed class CpgService(EventLoop loop, RingServices ring, NodeId self, Func<NodeId, string> nameOf, TotemOptions totemOptions)
    : IRingService, ICpgHost, IClientHandler
{
    private const int FlushRetryMs = 2;
    private readonly Dictionary<ulong, ClientConnection> _connections = [];
    private CpgEngine? _engine;

    // framingBytes: the service id byte RingServices puts in front of every payload.
    private CpgEngine Engine => _engine ??= new CpgEngine(self, this, CpgOptions.ForTotem(totemOptions, framingBytes: 1));

    public ServiceId Id => ServiceId.Cpg;

    public uint NodeId => self.Value;

    public void OnConfiguration(TotemConfiguration configuration)
    {
        Engine.OnConfiguration(configuration);
        ScheduleFlush();
    }

    public void OnDelivery(TotemDelivery delivery, ReadOnlySpan<byte> payload)
    {
        Engine.OnDelivery(delivery.Sender, payload);
        ScheduleFlush();
    }

    public SendResult Broadcast(ReadOnlyMemory<byte> message) => ring.TryBroadcast(ServiceId.Cpg, message.Span);

    private void ScheduleFlush()
    {
        if (Engine.PendingBroadcasts > 0) loop.Arm(this, EventLoop.NowMs + FlushRetryMs, Flush);
    }

    private void Flush()
    {
        Engine.Flush();
        ScheduleFlush();
    }

    public void Deliver(ClientId to, CpgEvent ev)
    {
        if (_connections.TryGetValue(to.Connection, out var connection)) connection.Enqueue(Encode(ev));
    }

    /// <summary>The latest quorum frame, sent to every client now and to each new one on connect.</summary>
    private byte[]? _quorumFrame;

    public void Connected(ClientConnection connection)
    {
        _connections[connection.Id] = connection;
        if (_quorumFrame is not null) connection.Enqueue(_quorumFrame);
    }

    /// <summary>Quorum changed (or a ring was activated): tell every local client, in order with their other events.</summary>
    public void PublishQuorum(bool quorate, string ringId, uint totalVotes, uint expectedVotes, uint quorum)
    {
        _quorumFrame = new FrameWriter(FrameType.Quorum).U8(quorate ? (byte)1 : (byte)0).String(ringId)
            .U32(totalVotes).U32(expectedVotes).U32(quorum).ToArray();
        foreach (var connection in _connections.Values) connection.Enqueue(_quorumFrame);
    }

    public void Disconnected(ClientConnection connection)
    {
        _connections.Remove(connection.Id);
        Engine.ClientDied(ClientOf(connection));
        ScheduleFlush();
    }

    private ClientId ClientOf(ClientConnection connection) => new(self, connection.Pid, connection.Id);

    public byte[]? Handle(ClientConnection connection, FrameType type, byte[] body)
    {
        var reader = new FrameReader(body);
        uint request = reader.U32();
        string group = type is FrameType.Join or FrameType.Leave or FrameType.Send ? reader.String() : "";
        if (reader.Failed) return ClientConnection.Result(request, (byte)Client.CpgStatus.BadRequest, "malformed frame");
        var client = ClientOf(connection);
        switch (type)
        {
            case FrameType.Join:
                return Reply(request, Engine.Join(client, group));
            case FrameType.Leave:
                return Reply(request, Engine.Leave(client, group));
            case FrameType.Send:
                var payload = reader.Rest().ToArray();
                var result = Engine.Send(client, group, payload);
                if (result == CpgResult.TryAgain)
                {
                    ScheduleFlush();
                    return null;
                }
                if (result == CpgResult.TooLarge)
                    return ClientConnection.Result(request, (byte)Client.CpgStatus.TooLarge,
                        $"a message of {payload.Length} bytes to group '{group}' is larger than this cluster carries (at most about {Engine.Options.MessageBytesMax} bytes including the group name)");
                return result == CpgResult.Ok ? [] : Reply(request, result);
            case FrameType.ListGroups:
                var frame = new FrameWriter(FrameType.Groups).U32(request);
                var groups = Engine.Groups();
                frame.U16((ushort)groups.Count);
                foreach (var g in groups) WriteMembers(frame.String(g.Name), g.Members);
                return frame.ToArray();
            default:
                return ClientConnection.Result(request, (byte)Client.CpgStatus.BadRequest, $"unknown request type {(byte)type}");
        }
    }

    private static byte[] Reply(uint request, CpgResult result) =>
        ClientConnection.Result(request, (byte)StatusOf(result), result == CpgResult.Ok ? "" : result.ToString());

    /// <summary>The engine's result as the client protocol spells it (the wire is the contract, not the enum's order).</summary>
    private static Client.CpgStatus StatusOf(CpgResult result) => result switch
    {
        CpgResult.Ok => Client.CpgStatus.Ok,
        CpgResult.TryAgain => Client.CpgStatus.TryAgain,
        CpgResult.NotMember => Client.CpgStatus.NotMember,
        CpgResult.AlreadyMember => Client.CpgStatus.AlreadyMember,
        CpgResult.TooLarge => Client.CpgStatus.TooLarge,
        CpgResult.InvalidGroup => Client.CpgStatus.InvalidGroup,
        CpgResult.InvalidClient => Client.CpgStatus.InvalidClient,
        CpgResult.LimitReached => Client.CpgStatus.LimitReached,
        _ => Client.CpgStatus.BadRequest,
    };

    private static byte[] Encode(CpgEvent ev)
    {
        switch (ev)
        {
            case CpgMessageEvent m:
                return new FrameWriter(FrameType.Message).String(m.Group).U32(m.Sender.Node.Value).U32(m.Sender.Pid).Bytes(m.Payload.Span).ToArray();
            case CpgMembershipEvent c:
                var frame = new FrameWriter(FrameType.Membership).String(c.Group);
                WriteMembers(frame, c.Members);
                WriteChanges(frame, c.Joined);
                WriteChanges(frame, c.Left);
                return frame.ToArray();
            case CpgTotemEvent t:
                var ringFrame = new FrameWriter(FrameType.Ring).String(t.RingId.ToString()).U16((ushort)t.Members.Count);
                foreach (var node in t.Members) ringFrame.U32(node.Value);
                return ringFrame.ToArray();
            default:
                throw new ArgumentOutOfRangeException(nameof(ev), ev.GetType().Name, "unknown CPG event");
        }
    }

    private static void WriteMembers(FrameWriter frame, IReadOnlyList<CpgAddress> members)
    {
        frame.U16((ushort)members.Count);
        foreach (var m in members) frame.U32(m.Node.Value).U32(m.Pid);
    }

    private static void WriteChanges(FrameWriter frame, IReadOnlyList<CpgMemberChange> changes)
    {
        frame.U16((ushort)changes.Count);
        foreach (var c in changes) frame.U32(c.Process.Node.Value).U32(c.Process.Pid).U8((byte)c.Reason);
    }

    /// <summary>`concord cpg`: groups and their members (like corosync-cpgtool).</summary>
    public JsonObject Groups()
    {
        var groups = new JsonArray();
        foreach (var g in Engine.Groups())
        {
            var members = new JsonArray();
            foreach (var m in g.Members)
                members.Add((JsonNode)new JsonObject { ["nodeId"] = m.Node.Value, ["name"] = nameOf(m.Node), ["pid"] = m.Pid });
            groups.Add((JsonNode)new JsonObject { ["name"] = g.Name, ["members"] = members });
        }
        return AdminServer.Ok(new JsonObject { ["groups"] = groups, ["clients"] = _connections.Count });
    }
}
