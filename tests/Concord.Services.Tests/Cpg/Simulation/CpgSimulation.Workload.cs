using Concord.Services.Cpg;
using Concord.Services.Tests.Cpg.Support;

namespace Concord.Services.Tests.Cpg.Simulation;

// The workload: on each node a few client processes come and go; each joins and leaves groups,
// sends messages (mostly small, some fragmented by Totem), and now and then dies. A message refused
// with TryAgain is retried before any new one of that client.
internal sealed partial class CpgSimulation
{
    private static readonly string[] GroupNames = ["alpha", "beta", "gamma"];
    private bool _workloadActive = true;
    private uint _nextPid = 100;

    private void OnWorkloadTick(CpgSimNode node)
    {
        if (!_workloadActive) return;
        long next = NowMs + 1 + _workloadRng.Exponential(Scenario.WorkloadMeanMs);
        if (node.IsUp)
        {
            if (node.Clients.Count == 0 || (node.Clients.Count < 3 && _workloadRng.Chance(0.05)))
                node.Clients.Add(new SimClient(new ClientId(node.Id, _nextPid++, (ulong)_workloadRng.Range(1, 4))));
            var client = _workloadRng.Pick(node.Clients);
            double r = _workloadRng.NextDouble();
            if (r < 0.06) Join(node, client);
            else if (r < 0.09) Leave(node, client);
            else if (r < 0.095) Die(node, client);
            else
            {
                int burst = _workloadRng.Chance(0.05) ? (int)_workloadRng.Range(2, 20) : 1;
                for (int i = 0; i < burst; i++)
                {
                    if (!Send(node, client))
                    {
                        next = Math.Min(next, NowMs + _workloadRng.Range(5, 50));
                        break;
                    }
                }
            }
        }
        Schedule(next, new Ev(Kind.Workload, node.Index));
    }

    private void Join(CpgSimNode node, SimClient client)
    {
        string group = _workloadRng.Pick(GroupNames);
        var result = node.InEngine(e => e.Join(client.Id, group));
        if (client.Intended.Contains(group))
        {
            Expect(result == CpgResult.AlreadyMember, $"join of {client.Id} to {group}, which it is in, answered {result}");
            return;
        }
        Expect(result is CpgResult.Ok or CpgResult.TryAgain, $"join of {client.Id} to {group} answered {result}");
        if (result != CpgResult.Ok) return;
        client.Intended.Add(group);
        Counters.Joins++;
    }

    private void Leave(CpgSimNode node, SimClient client)
    {
        if (client.Intended.Count == 0) return;
        string group = _workloadRng.Pick(client.Intended.Order(StringComparer.Ordinal).ToArray());
        if (client.Pending is { } pending && pending.Group == group) return; // send what was refused first
        var result = node.InEngine(e => e.Leave(client.Id, group));
        Expect(result is CpgResult.Ok or CpgResult.TryAgain, $"leave of {client.Id} from {group} answered {result}");
        if (result != CpgResult.Ok) return;
        client.Intended.Remove(group);
        Counters.Leaves++;
    }

    private void Die(CpgSimNode node, SimClient client)
    {
        node.Clients.Remove(client);
        Checker.OnGone(client.Id);
        Counters.ClientDeaths++;
        node.InEngine(e =>
        {
            e.ClientDied(client.Id);
            return 0;
        });
    }

    /// <summary>Sends the client's pending message or a new one; false on back-pressure.</summary>
    private bool Send(CpgSimNode node, SimClient client)
    {
        if (client.Pending is null)
        {
            if (client.Intended.Count == 0) return true;
            string group = _workloadRng.Pick(client.Intended.Order(StringComparer.Ordinal).ToArray());
            var id = new TestMessageId(client.Id.Address, client.NextSeq + 1);
            double size = _workloadRng.NextDouble();
            int body = size < 0.9 ? (int)_workloadRng.Range(0, 200) : size < 0.99 ? (int)_workloadRng.Range(200, 3_000) : (int)_workloadRng.Range(3_000, 20_000);
            client.Pending = (group, id, TestPayload.Create(id, group, body, _workloadRng));
            client.NextSeq++;
        }
        var (g, messageId, payload) = client.Pending.Value;
        var result = node.InEngine(e => e.Send(client.Id, g, payload));
        bool tooLarge = CpgCodec.MessageLength(System.Text.Encoding.UTF8.GetByteCount(g), payload.Length) > Scenario.Cpg.MessageBytesMax;
        Expect(result == (tooLarge ? CpgResult.TooLarge : result) && result is CpgResult.Ok or CpgResult.TryAgain or CpgResult.TooLarge,
            $"send of {client.Id} to {g} ({payload.Length} bytes, limit {Scenario.Cpg.MessageBytesMax}) answered {result}");
        if (result == CpgResult.TooLarge)
        {
            client.Pending = null;
            Counters.SendsTooLarge++;
            return true;
        }
        if (result == CpgResult.TryAgain)
        {
            Counters.SendsTryAgain++;
            return false;
        }
        client.Pending = null;
        Checker.OnSent(client.Id, g, messageId);
        Counters.SendsOk++;
        return true;
    }

    private void StopWorkload()
    {
        // Messages refused with TryAgain were never taken: nothing is owed for them.
        _workloadActive = false;
        foreach (var node in _nodes)
        {
            foreach (var client in node.Clients) client.Pending = null;
        }
        Trace("workload stops");
    }

    private static void Expect(bool condition, string failure)
    {
        if (!condition) throw new CpgViolationException("client API", failure);
    }
}
