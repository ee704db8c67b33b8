using System.Net;
using System.Text.Json.Nodes;
using Concord.Configuration;
using Concord.Core;
using Concord.Host.Admin;
using Concord.Host.Clients;
using Concord.Host.Logging;
using Concord.Host.Loop;
using Concord.Host.Net;
using Concord.Host.Services;
using Concord.Services.Quorum;
using Concord.Totem;
using Microsoft.Extensions.Logging;

namespace Concord.Host;

/// <summary>
/// One running node: the Totem processor on the event loop, the links under it, the admin socket
/// beside it. Built from a validated configuration; <see cref="Run"/> blocks until shutdown.
/// </summary>
internal sealed partial class Daemon : IDisposable
{
    private readonly DaemonPaths _paths;
    private readonly ILogger _logger;
    private readonly EventLoop _loop;
    private readonly TotemDriver _driver;
    private readonly StateFiles _state;
    private readonly ManualResetEventSlim _shutdown = new(false);
    private ClusterConfig _config;
    private ClusterNode _local;
    private LinkManager? _links;
    private TransportEnvelope? _envelope;
    private TotemProcessor? _processor;
    private AdminServer? _admin;
    private QuorumService? _quorum;
    private ClientServer? _clients;

    public Daemon(DaemonPaths paths, ClusterConfig config, ClusterNode local, ILogger logger)
    {
        _paths = paths;
        _config = config;
        _local = local;
        _logger = logger;
        _loop = new EventLoop(ex => _logger.LoopError(ex));
        _state = new StateFiles(paths.StateDirectory);
        _driver = new TotemDriver(_loop, logger, NameOf, _state);
    }

    public NodeId Self => new(_local.NodeId);

    public string NameOf(NodeId node) => _config.FindNode(node.Value)?.DisplayName ?? $"nodeid {node.Value}";

    /// <summary>Bind sockets and start the protocol. Throws <see cref="DaemonStartException"/> with a sysadmin-readable reason.</summary>
    public void Start(byte[] authKey)
    {
        Directory.CreateDirectory(_paths.RunDirectory);
        Directory.CreateDirectory(_paths.StateDirectory);
        _envelope = TransportEnvelope.Create(_config, _local.NodeId, authKey, _state);
        var envelope = _envelope;
        _links = new LinkManager(
            _loop,
            envelope,
            LinkTimingFor(_config),
            LocalLinks(_config, _local),
            PeerLinks(_config, _local),
            (from, datagram) => _processor?.OnDatagram(from, datagram, EventLoop.NowMs),
            OnLinkChange,
            PacketBytesMax(_config));
        _driver.Links = _links;
        ulong ringSeq = _state.Read(StateFiles.RingId);
        uint incarnation = _state.NextIncarnation();
        _processor = new TotemProcessor(Self, _config.Nodes.Select(n => new NodeId(n.NodeId)), TotemOptionsFor(_config), _driver, ringSeq, incarnation);
        _driver.Processor = _processor;
        StartServices();
        _admin = new AdminServer(_paths.AdminSocket, HandleAdminAsync, _logger);
        _logger.Starting(ThisAssembly.Version, _local.DisplayName, _local.NodeId, _config.Totem.ClusterName,
            _config.LinkCount, _config.Totem.PortFor(0));
        _loop.Start();
        _links.Start();
        _loop.Post(() =>
        {
            _quorum?.Start();
            _processor.Start(EventLoop.NowMs);
        });
        _admin.Start();
        _clients?.Start();
        File.WriteAllText(_paths.PidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        SystemdNotify.Send("READY=1\nSTATUS=Forming membership");
    }

    /// <summary>Block until SIGTERM/SIGINT (or an admin "shutdown"), then leave the ring gracefully.</summary>
    public void Run()
    {
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; _shutdown.Set(); });
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGINT, ctx => { ctx.Cancel = true; _shutdown.Set(); });
        using var hangup = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGHUP, ctx => { ctx.Cancel = true; _ = _loop.InvokeAsync(Reload); });
        _shutdown.Wait();
        SystemdNotify.Send("STOPPING=1");
        _logger.ShuttingDown();
        // Quorum's leave notice must go out on the ring before Totem itself leaves.
        _loop.InvokeAsync(() => { _quorum?.Leave(); return true; }).Wait(TimeSpan.FromSeconds(2));
        WaitForSendQueueToDrain(TimeSpan.FromSeconds(1));
        _loop.InvokeAsync(() => { _processor?.Leave(EventLoop.NowMs); return true; }).Wait(TimeSpan.FromSeconds(2));
    }

    /// <summary>The services on the ring: quorum when the config asks for votequorum.</summary>
    private void StartServices()
    {
        var ring = new RingServices(_loop, () => _processor);
        _driver.AddListener(ring);
        var cpg = new CpgService(_loop, ring, Self, NameOf, TotemOptionsFor(_config));
        ring.Register(cpg);
        AddCommand("cpg", _ => cpg.Groups());
        _clients = new ClientServer(Path.Combine(_paths.RunDirectory, Concord.Client.CpgClient.SocketName), _loop, cpg, _logger);
        GrantClients(_config);
        if (!_config.Quorum.Enabled) return;
        try
        {
            _quorum = new QuorumService(_loop, ring, _logger, _state, NameOf, QuorumService.OptionsFor(_config), Self);
        }
        catch (QuorumConfigurationException ex)
        {
            throw new DaemonStartException("invalid quorum section: " + string.Join("; ", ex.Issues), 65);
        }
        ring.Register(_quorum);
        _quorum.Changed += s => cpg.PublishQuorum(s.Quorate, s.RingId.ToString(), s.TotalVotes, s.ExpectedVotes, s.Quorum);
        AddCommand("quorum", _ => _quorum.Status());
        AddCommand("quorum-expected", _quorum.SetExpected);
        AddCommand("quorum-votes", _quorum.SetVotes);
        AddCommand("quorum-cancel-wait-for-all", _quorum.CancelWaitForAll);
        StatusContributors.Add(status => status["quorate"] = _quorum.IsQuorate);
    }

    /// <summary>`uidgid { uid: … gid: … }` sections let more users use the client socket (as in corosync).</summary>
    private void GrantClients(ClusterConfig config)
    {
        if (_clients is null) return;
        var (uids, gids) = PeerCredentials.ExtraGrants(
            config.OtherSections.Where(s => s.Name == "uidgid").Select(s => (s.Get("uid"), s.Get("gid"))));
        _clients.ExtraUids = uids;
        _clients.ExtraGids = gids;
        // The socket file itself must let them connect.
        if (uids.Count + gids.Count > 0)
            File.SetUnixFileMode(Path.Combine(_paths.RunDirectory, Concord.Client.CpgClient.SocketName), (UnixFileMode)0x1B6);
    }

    private void WaitForSendQueueToDrain(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var queued = _loop.InvokeAsync(() => _processor?.SendQueueFragments ?? 0);
            if (!queued.Wait(limit) || queued.Result == 0) return;
            Thread.Sleep(10);
        }
    }

    private void OnLinkChange(NodeId node, byte link, bool up)
    {
        if (up) _logger.LinkUp(link, NameOf(node), node.Value);
        else _logger.LinkDown(link, NameOf(node), node.Value);
    }

    /// <summary>Largest Totem datagram with the `knet` transport (as corosync's knet, which fragments below it).</summary>
    internal const int KnetDatagramBytes = 65_000;

    internal static TotemOptions TotemOptionsFor(ClusterConfig config)
    {
        var options = new TotemOptions
        {
            TokenMs = config.Totem.TokenMs,
            TokenCoefficientMs = config.Totem.TokenCoefficientMs,
            TokenRetransmitsBeforeLossConst = config.Totem.TokenRetransmitsBeforeLossConst,
            TokenRetransmitMs = config.EffectiveTokenRetransmitMs,
            HoldMs = config.EffectiveHoldMs,
            JoinMs = config.Totem.JoinMs,
            // Derived from the configured token (1.2 × token) unless set: see docs/protocols/totem.md.
            ConsensusMs = config.Totem.ConsensusMs ?? 0,
            MergeMs = config.Totem.MergeMs,
            DowncheckMs = config.Totem.DowncheckMs,
            FailRecvConst = config.Totem.FailRecvConst,
            SeqnoUnchangedConst = config.Totem.SeqnoUnchangedConst,
            WindowSize = config.Totem.WindowSize,
            MaxMessages = config.Totem.MaxMessages,
            NetMtu = config.Totem.NetMtu,
        };
        if (config.Totem.Transport != TransportKind.Knet) return options;
        // knet: Totem datagrams of up to 64 KiB, which the links cut into packets of netmtu
        // (Net/LinkFragments.cs); the send queue keeps the same bound in bytes as with udpu.
        long queueBytes = Math.Max(4L << 20, (long)options.SendQueueFragmentsMax * options.FragmentPayloadBytes);
        return options with { NetMtu = KnetDatagramBytes, SendQueueBytesMax = queueBytes };
    }

    /// <summary>Largest UDP payload on the links: netmtu less the largest IP/UDP headers.</summary>
    internal static int PacketBytesMax(ClusterConfig config) => config.Totem.NetMtu - Concord.Transport.DatagramEnvelope.IpUdpHeaderBytesMax;

    private static LinkTiming LinkTimingFor(ClusterConfig config)
    {
        var iface = config.Totem.InterfaceFor(0);
        return LinkTiming.ForToken(config.Totem.TokenMs, iface?.PingIntervalMs, iface?.PingTimeoutMs);
    }

    private static Dictionary<byte, IPEndPoint> LocalLinks(ClusterConfig config, ClusterNode local)
    {
        var links = new Dictionary<byte, IPEndPoint>();
        foreach (int link in local.Links)
        {
            links[(byte)link] = new IPEndPoint(Resolve(local.AddressOf(link)!, local, link), config.Totem.PortFor(link));
        }
        return links;
    }

    private static Dictionary<NodeId, LinkState[]> PeerLinks(ClusterConfig config, ClusterNode local)
    {
        var peers = new Dictionary<NodeId, LinkState[]>();
        foreach (var node in config.Nodes)
        {
            if (node.NodeId == local.NodeId) continue;
            peers[new NodeId(node.NodeId)] =
            [
                .. node.Links
                    .Where(link => local.AddressOf(link) is not null)
                    .Select(link => new LinkState((byte)link, new IPEndPoint(Resolve(node.AddressOf(link)!, node, link), config.Totem.PortFor(link)))),
            ];
        }
        return peers;
    }

    private static IPAddress Resolve(string address, ClusterNode node, int link)
    {
        if (IPAddress.TryParse(address, out var literal)) return literal;
        try
        {
            var found = Dns.GetHostAddresses(address);
            return found.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? found[0];
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IndexOutOfRangeException)
        {
            throw new DaemonStartException($"cannot resolve ring{link}_addr '{address}' of node {node.DisplayName}: {ex.Message}", 65);
        }
    }

    public void RequestShutdown() => _shutdown.Set();

    public void Dispose()
    {
        _admin?.Dispose();
        _clients?.Dispose();
        _loop.Dispose();
        _links?.Dispose();
        _envelope?.Dispose();
        _shutdown.Dispose();
        try { File.Delete(_paths.PidFile); }
        catch (IOException) { }
    }
}

/// <summary>A reason the daemon cannot start, for the log and the exit code.</summary>
internal sealed class DaemonStartException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

internal static class ThisAssembly
{
    public static string Version =>
        typeof(ThisAssembly).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
