using System.Text.Json.Nodes;
using Concord.Configuration;
using Concord.Core;
using Concord.Host.Admin;
using Concord.Host.Logging;
using Concord.Host.Loop;
using Concord.Totem;

namespace Concord.Host;

// Admin requests. Each runs on the event loop, so it sees a consistent state.
internal sealed partial class Daemon
{
    private readonly Dictionary<string, Func<JsonObject, JsonObject>> _commands = [];

    /// <summary>Services register extra admin commands (quorum, cpg…).</summary>
    public void AddCommand(string name, Func<JsonObject, JsonObject> handler) => _commands[name] = handler;

    private Task<JsonObject> HandleAdminAsync(JsonObject request)
    {
        string command = request["command"]!.GetValue<string>();
        return _loop.InvokeAsync(() => command switch
        {
            "status" => AdminServer.Ok(Status()),
            "links" => AdminServer.Ok(Links()),
            "reload" => Reload(),
            "shutdown" => Shutdown(),
            _ when _commands.TryGetValue(command, out var handler) => handler(request),
            _ => AdminServer.Error($"unknown command '{command}'", 64),
        });
    }

    private JsonObject Shutdown()
    {
        RequestShutdown();
        return AdminServer.Ok(new JsonObject { ["stopping"] = true });
    }

    /// <summary>Extra fields services add to `status` (e.g. quorate).</summary>
    public List<Action<JsonObject>> StatusContributors { get; } = [];

    private JsonObject Status()
    {
        var processor = _processor!;
        var members = new JsonArray();
        foreach (var member in processor.Members)
        {
            members.Add((JsonNode)new JsonObject
            {
                ["nodeId"] = member.Value,
                ["name"] = NameOf(member),
                ["local"] = member == Self,
            });
        }
        var status = new JsonObject
        {
            ["clusterName"] = _config.Totem.ClusterName,
            ["nodeId"] = Self.Value,
            ["name"] = _local.DisplayName,
            ["ringId"] = processor.RingId.ToString(),
            ["state"] = processor.State.ToString().ToLowerInvariant(),
            ["role"] = Role(processor),
            ["members"] = members,
            ["membershipAgeMs"] = EventLoop.NowMs - _driver.MembershipSinceMs,
            ["links"] = LinkSummary(),
            ["counters"] = Counters(processor.Counters),
        };
        foreach (var contribute in StatusContributors) contribute(status);
        return status;
    }

    private string Role(TotemProcessor processor) => processor.State switch
    {
        TotemState.Operational when processor.Members.Count > 0 && processor.Members[0] == Self => "representative",
        TotemState.Operational => "member",
        var state => state.ToString().ToLowerInvariant(),
    };

    private JsonArray LinkSummary()
    {
        var result = new JsonArray();
        foreach (var link in _links!.LocalLinks.OrderBy(l => l.Number))
        {
            int up = _links.Peers.Values.Count(states => states.Any(s => s.Number == link.Number && s.Up));
            result.Add((JsonNode)new JsonObject
            {
                ["link"] = link.Number,
                ["local"] = link.Local.ToString(),
                ["peersUp"] = up,
                ["peers"] = _links.Peers.Count,
            });
        }
        return result;
    }

    private JsonObject Links()
    {
        var peers = new JsonArray();
        foreach (var (node, states) in _links!.Peers.OrderBy(p => p.Key))
        {
            foreach (var s in states)
            {
                peers.Add((JsonNode)new JsonObject
                {
                    ["nodeId"] = node.Value,
                    ["name"] = NameOf(node),
                    ["link"] = s.Number,
                    ["remote"] = s.Remote.ToString(),
                    ["up"] = s.Up,
                    ["latencyMs"] = Math.Round(s.LatencyMs, 3),
                    ["sent"] = s.DatagramsSent,
                    ["received"] = s.DatagramsReceived,
                    ["upTransitions"] = s.UpTransitions,
                    ["downTransitions"] = s.DownTransitions,
                });
            }
        }
        var drops = new JsonObject();
        foreach (var (reason, count) in _links.Drops.Snapshot()) drops[reason] = count;
        return new JsonObject { ["nodeId"] = Self.Value, ["links"] = peers, ["dropped"] = drops };
    }

    private static JsonObject Counters(TotemCounters c) => new()
    {
        ["tokenLosses"] = c.TokenLosses,
        ["tokenRetransmits"] = c.TokenRetransmits,
        ["messagesRetransmitted"] = c.MessagesRetransmitted,
        ["ringsInstalled"] = c.RingsInstalled,
        ["mergesDetected"] = c.MergesDetected,
        ["consensusTimeouts"] = c.ConsensusTimeouts,
        ["messagesDelivered"] = c.MessagesDelivered,
        ["malformedDatagrams"] = c.MalformedDatagrams,
        ["foreignDatagrams"] = c.ForeignDatagrams,
    };

    /// <summary>Re-read the config; apply nodelist and timeout changes without a restart.</summary>
    private JsonObject Reload()
    {
        var (config, diagnostics) = ConfigSource.Load(_paths.ConfigFile);
        if (config is null)
        {
            string errors = string.Join("; ", diagnostics.Where(d => d.IsError).Select(d => d.ToString()));
            return AdminServer.Error($"configuration not reloaded, it has errors: {errors}", 65);
        }
        var local = config.FindNode(_local.NodeId);
        if (local is null)
            return AdminServer.Error($"configuration not reloaded: this node (nodeid {_local.NodeId}) is no longer in its nodelist", 65);
        if (config.Totem.ClusterName != _config.Totem.ClusterName || config.Totem.CryptoCipher != _config.Totem.CryptoCipher)
            return AdminServer.Error("configuration not reloaded: cluster_name and crypto settings need a restart", 65);
        TotemOptions options;
        try
        {
            options = TotemOptionsFor(config);
            _processor!.UpdateOptions(options);
        }
        catch (ArgumentException ex)
        {
            return AdminServer.Error($"configuration not reloaded: {ex.Message}", 65);
        }
        var before = _config.Nodes.Select(n => n.NodeId).ToHashSet();
        var after = config.Nodes.Select(n => n.NodeId).ToHashSet();
        _config = config;
        _local = local;
        GrantClients(config);
        _links!.ReplacePeers(PeerLinks(config, local));
        _envelope!.SetSenders(after, before.Except(after), _local.NodeId);
        _processor.UpdateNodeList(config.Nodes.Select(n => new NodeId(n.NodeId)), EventLoop.NowMs);
        string summary = $"{after.Except(before).Count()} node(s) added, {before.Except(after).Count()} removed, token {options.TokenMs} ms";
        _logger.Reloaded(_paths.ConfigFile, summary);
        foreach (var warning in diagnostics.Where(d => !d.IsError)) _logger.ConfigWarning(warning.ToString());
        return AdminServer.Ok(new JsonObject { ["summary"] = summary });
    }
}
