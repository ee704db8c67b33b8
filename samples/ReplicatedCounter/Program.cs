using System.Text;
using Concord.Client;

// A replicated counter: every instance, on any node, sees the same sequence of increments in the
// same order (CPG's total order), so every copy of the counter agrees without any locking.
//
//   CONCORD_RUN_DIR=/tmp/concord-lab/node1 dotnet run --project samples/ReplicatedCounter -- 5
//
// sends 5 increments, then keeps printing what every member does until Ctrl-C.
int increments = args.Length > 0 && int.TryParse(args[0], out int n) ? n : 3;
await using var cpg = await CpgClient.ConnectAsync();
await cpg.JoinAsync("counter");
Console.WriteLine($"joined 'counter' as {cpg.NodeId}:{cpg.Pid}; sending {increments} increments");
for (int i = 0; i < increments; i++) await cpg.SendAsync("counter", Encoding.UTF8.GetBytes("+1"));

long counter = 0;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
try
{
    await foreach (var ev in cpg.ReadEventsAsync(stop.Token))
    {
        switch (ev)
        {
            case CpgMessage m when Encoding.UTF8.GetString(m.Payload.Span) == "+1":
                counter++;
                Console.WriteLine($"counter = {counter} (increment from {m.Sender})");
                break;
            case CpgMembershipChange c:
                Console.WriteLine($"members now: {string.Join(", ", c.Members)}; joined [{string.Join(", ", c.Joined)}] left [{string.Join(", ", c.Left)}]");
                break;
        }
    }
}
catch (OperationCanceledException)
{
}
Console.WriteLine($"final counter = {counter}");
