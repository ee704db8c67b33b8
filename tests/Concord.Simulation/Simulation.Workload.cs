using Concord.Simulation.Checkers;
using Concord.Totem;

namespace Concord.Simulation;

// The workload: each node queues application messages at random intervals, sometimes in bursts.
// Mostly small, some above netmtu (fragmented), rarely up to 64 KiB; some safe, most agreed. A
// message refused with TryAgain (flow control) is retried before any new one.
public sealed partial class Simulation
{
    private readonly Dictionary<MessageId, SentMessage> _sent = [];
    private readonly List<MessageId> _sentAfterConvergence = [];
    private long _queued;

    private void OnWorkloadTick(SimNode node)
    {
        if (!_workloadActive) return;
        var w = _scenario.Workload;
        long next = NowMs + 1 + _workloadRng.Exponential(w.MeanIntervalMs);
        if (node.Processor is { State: not TotemState.Left } && !node.IsPaused(NowMs))
        {
            int count = _workloadRng.Chance(w.BurstChance) ? (int)_workloadRng.Range(2, w.BurstMax) : 1;
            for (int i = 0; i < count; i++)
            {
                if (!TrySendOne(node))
                {
                    next = Math.Min(next, NowMs + _workloadRng.Range(5, 50));
                    break;
                }
            }
        }
        _queue.Schedule(next, new SimEvent(SimEventKind.Workload, node.Index));
    }

    /// <summary>Offers the pending message or a new one; false on back-pressure.</summary>
    private bool TrySendOne(SimNode node)
    {
        var (payload, guarantee, id) = node.Pending ?? NewMessage(node);
        node.Pending = null;
        var process = node.Process!;
        // Registered before Send: a lone ring may deliver the message inside the call.
        var record = new SentMessage(id, Payload.TryRead(payload, out _)!.Value.Checksum, payload.Length, guarantee, NowMs);
        _sent[id] = record;
        process.Sent.Add(id);
        bool afterConvergence = _convergedAtMs is not null;
        if (afterConvergence) _sentAfterConvergence.Add(id);
        var result = node.Processor!.Send(payload, guarantee, NowMs);
        if (result == SendResult.Queued)
        {
            _queued++;
            Trace.Fold(NowMs, node.Index, TraceKind.Queue, id.Hash(), (ulong)payload.Length,
                Trace.IsVerbose ? $"queued {id} {guarantee} {payload.Length}b" : null);
            return true;
        }
        _sent.Remove(id);
        process.Sent.RemoveAt(process.Sent.Count - 1);
        if (afterConvergence) _sentAfterConvergence.RemoveAt(_sentAfterConvergence.Count - 1);
        switch (result)
        {
            case SendResult.TryAgain:
                node.Pending = (payload, guarantee, id);
                _coverage.Add("sim.SendTryAgain");
                Trace.Fold(NowMs, node.Index, TraceKind.TryAgain, id.Hash(), (ulong)node.Processor.SendQueueFragments);
                return false;
            case SendResult.TooLarge:
                throw new InvariantViolationException("send API", $"{process} refused {id} of {payload.Length} bytes as too large (limit {_scenario.Options.MessageBytesMax})");
            default:
                throw new InvariantViolationException("send API", $"{process} refused {id} with {result} while running");
        }
    }

    private (byte[] Payload, DeliveryGuarantee Guarantee, MessageId Id) NewMessage(SimNode node)
    {
        var w = _scenario.Workload;
        double r = _workloadRng.NextDouble();
        int size = r < 0.85 ? (int)_workloadRng.Range(Payload.OverheadBytes, 300)
            : r < 0.95 ? (int)_workloadRng.Range(300, 3_000)
            : r < 0.99 ? (int)_workloadRng.Range(3_000, 16_000)
            : (int)_workloadRng.Range(16_000, 64 * 1024);
        size = Math.Min(size, w.MessageBytesMax);
        var guarantee = _workloadRng.Chance(w.SafeRatio) ? DeliveryGuarantee.Safe : DeliveryGuarantee.Agreed;
        var id = new MessageId(node.Id.Value, node.Incarnation, ++node.NextMessageSeq);
        return (Payload.Create(id, guarantee, size, _workloadRng), guarantee, id);
    }
}
