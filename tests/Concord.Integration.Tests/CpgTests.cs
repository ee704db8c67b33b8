using System.Text;
using Concord.Client;
using Concord.ClusterHarness;
using Xunit.Abstractions;

namespace Concord.Integration.Tests;

/// <summary>
/// Process groups across three real daemons, one client per node: every member sees the same
/// messages and membership events in the same order, through a client dying and a node dying.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CpgTests(ITestOutputHelper output)
{
    private const string Group = "integration";

    [Fact]
    public async Task Flood_SenderOutrunsTheRing_EveryMemberGetsEverythingInOrder()
    {
        // 20 MB of 4 KiB messages plus 256 KiB ones, sent as fast as SendAsync returns: the ring and then
        // the daemon's client socket push back (the sender waits), and nothing is lost or reordered.
        using var cluster = new TestCluster(3, new LoopbackNetwork(), tokenMs: 1000);
        cluster.StartAll();
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3), "3 nodes form");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await StreamAndCheckAsync(cluster, 5_000, i => i % 1_000 == 999 ? 256 << 10 : 4096, timeout.Token);
    }

    /// <summary>
    /// A client per node joins; node 1 sends <paramref name="messages"/> numbered messages as fast as
    /// SendAsync returns; every member must receive all of them whole and in order.
    /// </summary>
    private static async Task StreamAndCheckAsync(TestCluster cluster, int messages, Func<int, int> sizeOf, CancellationToken cancel)
    {
        var clients = new List<CpgClient>();
        for (int node = 1; node <= 3; node++)
        {
            var client = await CpgClient.ConnectAsync(cluster.RunDir(node), cancel);
            await client.JoinAsync(Group, cancel);
            clients.Add(client);
        }
        var joined = clients.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var readers = clients.Select((c, i) => Task.Run(() => ReceiveInOrderAsync(c, messages, sizeOf, joined[i], cancel))).ToList();
        // Every member sees all three joined before the stream starts, so each receives all of it.
        await Task.WhenAll(joined.Select(j => j.Task)).WaitAsync(cancel);
        for (int i = 0; i < messages; i++)
        {
            var payload = new byte[sizeOf(i)];
            BitConverter.TryWriteBytes(payload, i);
            payload[^1] = (byte)i;
            await clients[0].SendAsync(Group, payload, cancel);
        }
        var received = await Task.WhenAll(readers);
        Assert.All(received, count => Assert.Equal(messages, count));
        foreach (var client in clients) await client.DisposeAsync();
    }

    [Theory]
    [InlineData("udpu", 1500)] // every Totem datagram within netmtu: large messages are Totem fragments
    [InlineData("knet", 576)]  // 64 KiB datagrams in more packets than one segmented send carries: one sendto each
    public async Task LargeMessages_OtherTransportsAndMtus_ArriveWholeAndInOrder(string transport, int netmtu)
    {
        using var cluster = new TestCluster(3, new LoopbackNetwork(), tokenMs: 1000);
        string config = File.ReadAllText(cluster.ConfigFile).Replace("transport: knet", $"transport: {transport}\n    netmtu: {netmtu}", StringComparison.Ordinal);
        Assert.Contains($"netmtu: {netmtu}", config, StringComparison.Ordinal);
        File.WriteAllText(cluster.ConfigFile, config);
        cluster.StartAll();
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3), "3 nodes form");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await StreamAndCheckAsync(cluster, 300, i => i % 3 == 0 ? 200_000 : 64 + i, timeout.Token);
    }

    [Fact]
    public async Task EventLoopBody_MayCallTheClient_AndDisposeIt()
    {
        // Events resume the consumer on the connection's reading thread: requests made from the
        // loop body, and disposing the client there, must not wait on that same thread.
        using var cluster = new TestCluster(1, new LoopbackNetwork(), tokenMs: 1000);
        cluster.StartAll();
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1), "1 node forms");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var client = await CpgClient.ConnectAsync(cluster.RunDir(1), timeout.Token);
        await client.JoinAsync("first", timeout.Token);
        var seen = new List<string>();
        await foreach (var ev in client.ReadEventsAsync(timeout.Token))
        {
            if (ev is CpgMembershipChange { Group: "first" } && !seen.Contains("joined first"))
            {
                seen.Add("joined first");
                await client.JoinAsync("second", timeout.Token);
                await client.SendAsync("second", Encoding.UTF8.GetBytes("hello"), timeout.Token);
            }
            else if (ev is CpgMessage { Group: "second" } m)
            {
                seen.Add(Encoding.UTF8.GetString(m.Payload.Span));
                await client.DisposeAsync();
                break;
            }
        }
        Assert.Equal(["joined first", "hello"], seen);
    }

    /// <summary>Reads until <paramref name="expected"/> messages arrived; each must be the next one, whole.</summary>
    private static async Task<int> ReceiveInOrderAsync(CpgClient client, int expected, Func<int, int> sizeOf, TaskCompletionSource allJoined, CancellationToken cancel)
    {
        int next = 0;
        await foreach (var ev in client.ReadEventsAsync(cancel))
        {
            if (ev is CpgMembershipChange { Members.Count: 3 }) allJoined.TrySetResult();
            if (ev is not CpgMessage m) continue;
            int index = BitConverter.ToInt32(m.Payload.Span);
            if (index != next || m.Payload.Length != sizeOf(index) || m.Payload.Span[^1] != (byte)index)
                throw new InvalidDataException($"node {client.NodeId}: expected message {next}, got {index} of {m.Payload.Length} bytes");
            if (++next == expected) break;
        }
        return next;
    }

    [Fact]
    public async Task ThreeClients_ClientAndNodeFailures_SurvivorsSeeTheSameHistory()
    {
        using var cluster = new TestCluster(3, new LoopbackNetwork(), tokenMs: 1000);
        cluster.StartAll();
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3), "3 nodes form");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var recorders = new List<Recorder>();
        for (int node = 1; node <= 3; node++)
        {
            var recorder = await Recorder.StartAsync(cluster.RunDir(node), timeout.Token);
            recorders.Add(recorder);
            await recorder.WaitForAsync(r => r.LastMembers?.Count == node, "all joined so far", timeout.Token);
        }
        for (int i = 0; i < 30; i++)
        {
            foreach (var r in recorders) await r.Client.SendAsync(Group, Encoding.UTF8.GetBytes($"{r.Client.NodeId}:{i}"), timeout.Token);
        }
        foreach (var r in recorders) await r.WaitForAsync(x => x.Messages == 90, "90 messages", timeout.Token);

        // A client dies without leaving: the others see it go with reason "process down".
        await recorders[2].Client.DisposeAsync();
        foreach (var r in recorders.Take(2))
            await r.WaitForAsync(x => x.Log.Any(l => l.Contains("3:", StringComparison.Ordinal) && l.Contains("ProcessDown", StringComparison.Ordinal)), "process down of node 3's client", timeout.Token);

        for (int i = 0; i < 10; i++) await recorders[1].Client.SendAsync(Group, Encoding.UTF8.GetBytes($"late:{i}"), timeout.Token);
        await recorders[0].WaitForAsync(x => x.Messages == 100, "100 messages", timeout.Token);
        await recorders[1].WaitForAsync(x => x.Messages == 100, "100 messages", timeout.Token);
        // From the moment all three were members, the survivors saw identical histories, and
        // client 3 saw a prefix of it until it died.
        var first = SinceAllJoined(recorders[0].Log);
        Assert.Equal(first, SinceAllJoined(recorders[1].Log));
        var third = SinceAllJoined(recorders[2].Log);
        Assert.Equal(first.Take(third.Count), third);
        Assert.Equal(90, third.Count(l => l.StartsWith("msg", StringComparison.Ordinal)));

        // A node dies: its process leaves with reason "node down"; then it returns and rejoins.
        cluster.Kill(2);
        await recorders[0].WaitForAsync(x => x.Log.Any(l => l.Contains("NodeDown", StringComparison.Ordinal)), "node down of node 2's client", timeout.Token);
        cluster.Start(2);
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2, 3), "node 2 rejoins");
        var again = await Recorder.StartAsync(cluster.RunDir(2), timeout.Token);
        await recorders[0].WaitForAsync(x => x.LastMembers?.Count == 2, "node 2's new client joins", timeout.Token);
        await again.Client.SendAsync(Group, Encoding.UTF8.GetBytes("back"), timeout.Token);
        await recorders[0].WaitForAsync(x => x.Log[^1] == "msg 2 back", "message from the returned node", timeout.Token);
        await again.WaitForAsync(x => x.Log.Count > 0 && x.Log[^1] == "msg 2 back", "own message", timeout.Token);
        foreach (var r in recorders) output.WriteLine($"{r.Client.NodeId}: {r.Log.Count} events");
        await again.Client.DisposeAsync();
        await recorders[0].Client.DisposeAsync();
    }

    private static List<string> SinceAllJoined(List<string> log) =>
        [.. log.SkipWhile(l => !l.StartsWith("members [1 2 3]", StringComparison.Ordinal))];

    /// <summary>One client that writes down every message and membership event it sees.</summary>
    private sealed class Recorder
    {
        private readonly object _gate = new();
        private readonly List<string> _log = [];

        private Recorder(CpgClient client) => Client = client;

        public CpgClient Client { get; }

        public IReadOnlyList<CpgMember>? LastMembers { get; private set; }

        public int Messages { get; private set; }

        public List<string> Log
        {
            get { lock (_gate) return [.. _log]; }
        }

        public static async Task<Recorder> StartAsync(string runDir, CancellationToken cancel)
        {
            var recorder = new Recorder(await CpgClient.ConnectAsync(runDir, cancel));
            _ = Task.Run(() => recorder.ReadAsync(cancel), cancel);
            await recorder.Client.JoinAsync(Group, cancel);
            return recorder;
        }

        private async Task ReadAsync(CancellationToken cancel)
        {
            try
            {
                await foreach (var ev in Client.ReadEventsAsync(cancel))
                {
                    lock (_gate)
                    {
                        switch (ev)
                        {
                            case CpgMessage m:
                                Messages++;
                                _log.Add($"msg {m.Sender.NodeId} {Encoding.UTF8.GetString(m.Payload.Span)}");
                                break;
                            case CpgMembershipChange c:
                                LastMembers = c.Members;
                                _log.Add($"members [{string.Join(' ', c.Members.Select(x => x.NodeId))}] joined [{string.Join(' ', c.Joined.Select(x => $"{x.Member.NodeId}:{x.Reason}"))}] left [{string.Join(' ', c.Left.Select(x => $"{x.Member.NodeId}:{x.Reason}"))}]");
                                break;
                        }
                    }
                }
            }
            catch (Exception)
            {
                // the connection ended (client disposed or node killed)
            }
        }

        public async Task WaitForAsync(Func<Recorder, bool> condition, string what, CancellationToken cancel)
        {
            while (true)
            {
                lock (_gate)
                {
                    if (condition(this)) return;
                }
                if (cancel.IsCancellationRequested) throw new TimeoutException($"client on node {Client.NodeId} timed out waiting for {what}; log: {string.Join(" | ", Log.TakeLast(10))}");
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }
}
