using System.Buffers.Binary;
using System.Diagnostics;
using Concord.Client;

namespace Concord.Cli.Bench;

/// <summary>Per receiver: throughput, and for latency runs the send → delivery times.</summary>
internal sealed record ReceiverResult(string RunDir, uint NodeId, long Messages, double MsgsPerSec, double MbPerSec, double? P50Ms, double? P99Ms);

/// <summary>
/// Drives a whole running cluster through each node's client socket: every node joins one group,
/// then one or all nodes send fixed-size messages for a while. Every payload carries its sender
/// index and sequence, so a lost, duplicated or reordered message is detected and is an error.
/// </summary>
internal sealed class CpgBenchmark(IReadOnlyList<string> runDirs, int sizeBytes, TimeSpan duration, bool allSend)
{
    private const int HeaderBytes = 20; // sender index u32, sequence u64, send timestamp (ticks) i64
    private readonly string _group = $"concord-bench-{Environment.ProcessId}-{Stopwatch.GetTimestamp() % 100000}";

    public int SizeBytes => Math.Max(sizeBytes, HeaderBytes);

    public async Task<IReadOnlyList<ReceiverResult>> RunThroughputAsync(CancellationToken cancel) =>
        await RunAsync(latency: null, cancel);

    /// <summary>One sender; back-to-back (next send right after own delivery) or with an idle gap.</summary>
    public async Task<IReadOnlyList<ReceiverResult>> RunLatencyAsync(TimeSpan gap, CancellationToken cancel) =>
        await RunAsync(latency: gap, cancel);

    private async Task<IReadOnlyList<ReceiverResult>> RunAsync(TimeSpan? latency, CancellationToken cancel)
    {
        var clients = new List<CpgClient>();
        try
        {
            foreach (var dir in runDirs) clients.Add(await CpgClient.ConnectAsync(dir, cancel));
            foreach (var client in clients) await client.JoinAsync(_group, cancel);
            await WaitForFullGroupAsync(clients, cancel);
            int senders = latency is null && allSend ? clients.Count : 1;
            var receivers = clients.Select((c, i) => new Receiver(c, _group, i, senders, runDirs[i])).ToArray();
            var receiving = receivers.Select(r => Task.Run(() => r.RunAsync(cancel), cancel)).ToArray();
            var clock = Stopwatch.StartNew();
            if (latency is { } gap) await SendForLatencyAsync(clients[0], receivers[0], gap, cancel);
            else await Task.WhenAll(clients.Take(senders).Select((c, i) => SendFloodAsync(c, i, cancel)));
            var sent = clock.Elapsed;
            foreach (var r in receivers) r.Expect(latency is null ? null : receivers[0].Received);
            // Let the last messages arrive (bounded), then stop.
            using (var drain = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                drain.CancelAfter(TimeSpan.FromSeconds(30));
                await Task.WhenAll(receivers.Select(r => r.WaitUntilCaughtUpAsync(drain.Token)));
            }
            foreach (var task in receiving)
            {
                if (task.IsFaulted) throw task.Exception!.InnerException!;
            }
            return [.. receivers.Select(r => r.Result(sent))];
        }
        finally
        {
            foreach (var client in clients)
            {
                try { await client.LeaveAsync(_group, CancellationToken.None); } catch (Exception) { }
                await client.DisposeAsync();
            }
        }
    }

    private async Task WaitForFullGroupAsync(List<CpgClient> clients, CancellationToken cancel)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var groups = await clients[^1].ListGroupsAsync(cancel);
            if (groups.FirstOrDefault(g => g.Name == _group)?.Members.Count == clients.Count) return;
            await Task.Delay(20, cancel);
        }
        throw new TimeoutException($"the nodes did not all join {_group} within 30 s");
    }

    private byte[] Payload(int sender, ulong seq)
    {
        var payload = new byte[SizeBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)sender);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(4), seq);
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(12), Stopwatch.GetTimestamp());
        return payload;
    }

    private async Task SendFloodAsync(CpgClient client, int sender, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        ulong seq = 0;
        while (clock.Elapsed < duration) await client.SendAsync(_group, Payload(sender, ++seq), cancel);
    }

    private async Task SendForLatencyAsync(CpgClient client, Receiver own, TimeSpan gap, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        ulong seq = 0;
        while (clock.Elapsed < duration)
        {
            await client.SendAsync(_group, Payload(0, ++seq), cancel);
            await own.WaitForAsync(seq, cancel);
            if (gap > TimeSpan.Zero) await Task.Delay(gap, cancel);
        }
    }

    /// <summary>Reads one node's deliveries, checking per-sender order, counting and timing them.</summary>
    private sealed class Receiver(CpgClient client, string group, int index, int senders, string runDir)
    {
        private readonly ulong[] _lastSeq = new ulong[senders];
        private readonly List<double> _latenciesMs = [];
        private readonly object _gate = new();
        private long _messages;
        private long _bytes;
        private long? _expected;
        private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _firstAt;
        private TimeSpan _lastAt;

        public long Received => Interlocked.Read(ref _messages);

        public async Task RunAsync(CancellationToken cancel)
        {
            await foreach (var ev in client.ReadEventsAsync(cancel))
            {
                if (ev is not CpgMessage m || m.Group != group) continue;
                var span = m.Payload.Span;
                int sender = (int)BinaryPrimitives.ReadUInt32LittleEndian(span);
                ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(span[4..]);
                long sentAt = BinaryPrimitives.ReadInt64LittleEndian(span[12..]);
                if (sender >= senders || seq != _lastSeq[sender] + 1)
                    throw new InvalidDataException($"node {index + 1} received message {seq} from sender {sender} after {(sender < senders ? _lastSeq[sender] : 0)}: loss or reordering");
                _lastSeq[sender] = seq;
                lock (_gate) _latenciesMs.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
                _firstAt ??= _clock.Elapsed;
                _lastAt = _clock.Elapsed;
                Interlocked.Increment(ref _messages);
                Interlocked.Add(ref _bytes, m.Payload.Length);
                var progress = _progress;
                _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                progress.TrySetResult();
            }
        }

        public async Task WaitForAsync(ulong seq, CancellationToken cancel)
        {
            while ((ulong)Received < seq) await _progress.Task.WaitAsync(cancel);
        }

        public void Expect(long? total) => _expected = total;

        public async Task WaitUntilCaughtUpAsync(CancellationToken cancel)
        {
            // Throughput runs: every sender's last sequence must arrive; we know them only at the senders,
            // so wait until the stream goes quiet for a moment.
            long last = -1;
            while (!cancel.IsCancellationRequested)
            {
                long now = Received;
                if (_expected is long e && now >= e) return;
                if (_expected is null && now == last && now > 0) return;
                last = now;
                try { await Task.Delay(200, cancel); }
                catch (OperationCanceledException) { return; }
            }
        }

        public ReceiverResult Result(TimeSpan sendWindow)
        {
            var window = _firstAt is { } first && _lastAt > first ? _lastAt - first : sendWindow;
            double seconds = Math.Max(window.TotalSeconds, 1e-6);
            double[] sorted;
            lock (_gate) sorted = [.. _latenciesMs.Order()];
            double? P(double q) => sorted.Length == 0 ? null : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
            return new ReceiverResult(runDir, client.NodeId, Received, Received / seconds, _bytes / seconds / 1e6, P(0.50), P(0.99));
        }
    }
}
