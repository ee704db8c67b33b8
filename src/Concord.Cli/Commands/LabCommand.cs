using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Concord.Cli.Admin;
using Concord.Cli.Lab;
using Concord.Configuration;

namespace Concord.Cli.Commands;

/// <summary>
/// `concord lab`: a real multi-node cluster on this machine (127.0.0.1..N), for trying Concord out
/// and for failure drills: kill, stop, start, isolate and heal nodes and watch membership react.
/// </summary>
internal static class LabCommand
{
    public static Command Create()
    {
        var lab = new Command("lab", "Run a local lab cluster of real daemons on 127.0.0.x");
        lab.Subcommands.Add(Up());
        lab.Subcommands.Add(StatusCmd());
        lab.Subcommands.Add(Down());
        lab.Subcommands.Add(NodeAction("kill", "Kill a node with SIGKILL (a crash)", (p, n) => p.Kill(n) ? $"node{n} killed" : null));
        lab.Subcommands.Add(NodeAction("stop", "Stop a node gracefully (it leaves the cluster)", (p, n) => p.Stop(n) ? $"node{n} stopped" : null));
        lab.Subcommands.Add(NodeAction("start", "Start a stopped or killed node", (p, n) => $"node{n} started (pid {p.Start(n)})"));
        lab.Subcommands.Add(NodeAction("isolate", "Cut a node off the network (iptables, root)", (_, n) => Firewall(LabFirewall.Isolate(n))));
        lab.Subcommands.Add(NodeAction("heal", "Undo isolate", (_, n) => Firewall(LabFirewall.Heal(n))));
        return lab;
    }

    private static string? Firewall((bool Ok, string Message) result) =>
        result.Ok ? result.Message : throw new LabException(result.Message, ExitCodes.Failure);

    private static Command Up()
    {
        var nodes = new Option<int>("--nodes", "-n") { Description = "Number of nodes (2–16)", DefaultValueFactory = _ => 3 };
        var links = new Option<int>("--links") { Description = "Links per node (1 or 2)", DefaultValueFactory = _ => 1 };
        var token = new Option<int>("--token") { Description = "Totem token timeout in ms", DefaultValueFactory = _ => 3000 };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for one membership", DefaultValueFactory = _ => 30 };
        var command = new Command("up", "Create and start a lab cluster, then show its status") { nodes, links, token, wait };
        command.SetAction(parse => Guard(() =>
        {
            int n = parse.GetValue(nodes), l = parse.GetValue(links), t = parse.GetValue(token);
            if (n is < 2 or > 16) throw new LabException($"--nodes must be between 2 and 16 (got {n})", ExitCodes.Usage);
            if (l is < 1 or > 2) throw new LabException($"--links must be 1 or 2 (got {l})", ExitCodes.Usage);
            if (t < 200) throw new LabException($"--token must be at least 200 ms (got {t})", ExitCodes.Usage);
            var layout = LabLayout.Default();
            var processes = new LabProcesses(layout);
            for (int i = 1; i <= layout.NodeCount; i++)
            {
                if (processes.Pid(i) is not null)
                    throw new LabException($"a lab is already running in {layout.Directory}; run 'concord lab down' first", ExitCodes.Failure);
            }
            Directory.CreateDirectory(layout.Directory);
            File.WriteAllText(layout.ConfigFile, layout.RenderConfig(n, l, t));
            File.WriteAllText(layout.NodeCountFile, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (File.Exists(layout.KeyFile)) File.Delete(layout.KeyFile);
            var written = AuthKeyFile.Write(layout.KeyFile, AuthKey.Generate(), overwrite: true);
            if (written.Error is not null) throw new LabException(written.Error, ExitCodes.CantCreate);
            for (int i = 1; i <= n; i++) processes.Start(i);
            Console.WriteLine($"Started {n} daemons; config {layout.ConfigFile}, logs {layout.Directory}/node*/concordd.log");
            bool formed = WaitForOneMembership(layout, n, TimeSpan.FromSeconds(parse.GetValue(wait)));
            Console.Write(RenderStatus(layout));
            Console.WriteLine(formed
                ? "All nodes are in one membership. Try: concord lab kill 2; concord lab status --watch; concord lab start 2; concord lab down"
                : "The nodes did not form one membership in time; see the logs above.");
            return formed ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }

    private static Command StatusCmd()
    {
        var watch = new Option<bool>("--watch", "-w") { Description = "Refresh every second until interrupted" };
        var output = CommonOptions.Output();
        var command = new Command("status", "Show every lab node's state and membership") { watch, output };
        command.SetAction(parse => Guard(() =>
        {
            var layout = LabLayout.Default();
            if (layout.NodeCount == 0) throw new LabException($"no lab in {layout.Directory}; start one with 'concord lab up'", ExitCodes.Unavailable);
            if (parse.GetValue(output) == "json")
            {
                var all = new JsonArray();
                for (int i = 1; i <= layout.NodeCount; i++)
                    all.Add(AdminClient.Request("status", runDirectory: layout.RunDir(i), timeoutMs: 1000).Result?.DeepClone());
                CommonOptions.PrintJson(all);
                return ExitCodes.Ok;
            }
            do
            {
                if (parse.GetValue(watch)) Console.Write("\u001b[H\u001b[2J");
                Console.Write(RenderStatus(layout));
                if (parse.GetValue(watch)) Thread.Sleep(1000);
            }
            while (parse.GetValue(watch));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Down()
    {
        var command = new Command("down", "Stop every lab node and delete the lab");
        command.SetAction(_ => Guard(() =>
        {
            var layout = LabLayout.Default();
            var processes = new LabProcesses(layout);
            for (int i = 1; i <= Math.Max(layout.NodeCount, 16); i++) processes.Stop(i);
            for (int i = 1; i <= Math.Max(layout.NodeCount, 16); i++) processes.Kill(i);
            if (IsRoot()) LabFirewall.Remove();
            if (Directory.Exists(layout.Directory)) Directory.Delete(layout.Directory, recursive: true);
            Console.WriteLine($"Lab stopped and {layout.Directory} removed");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command NodeAction(string name, string description, Func<LabProcesses, int, string?> action)
    {
        var node = new Argument<int>("NODE") { Description = "Node number (1..N)" };
        var command = new Command(name, description) { node };
        command.SetAction(parse => Guard(() =>
        {
            var layout = LabLayout.Default();
            int n = parse.GetValue(node);
            if (layout.NodeCount == 0) throw new LabException($"no lab in {layout.Directory}; start one with 'concord lab up'", ExitCodes.Unavailable);
            if (n < 1 || n > layout.NodeCount) throw new LabException($"NODE must be between 1 and {layout.NodeCount} (got {n})", ExitCodes.Usage);
            string? message = action(new LabProcesses(layout), n);
            if (message is null) throw new LabException($"node{n} is not running", ExitCodes.Failure);
            Console.WriteLine(message);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static bool WaitForOneMembership(LabLayout layout, int nodes, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var rings = new HashSet<string>();
            int operational = 0;
            for (int i = 1; i <= nodes; i++)
            {
                var reply = AdminClient.Request("status", runDirectory: layout.RunDir(i), timeoutMs: 500);
                if (!reply.Ok) continue;
                var s = reply.Result!.AsObject();
                if (s["state"]?.GetValue<string>() == "operational" && s["members"]!.AsArray().Count == nodes)
                {
                    operational++;
                    rings.Add(s["ringId"]!.GetValue<string>());
                }
            }
            if (operational == nodes && rings.Count == 1) return true;
            Thread.Sleep(100);
        }
        return false;
    }

    internal static string RenderStatus(LabLayout layout)
    {
        var processes = new LabProcesses(layout);
        var text = new StringBuilder();
        text.AppendLine($"{"NODE",-6} {"ADDRESS",-11} {"PID",-8} {"STATE",-12} {"RING",-10} MEMBERS");
        for (int i = 1; i <= layout.NodeCount; i++)
        {
            int? pid = processes.Pid(i);
            string state = "down", ring = "-", members = "-";
            if (pid is not null)
            {
                var reply = AdminClient.Request("status", runDirectory: layout.RunDir(i), timeoutMs: 1000);
                if (reply.Ok)
                {
                    var s = reply.Result!.AsObject();
                    state = s["state"]!.GetValue<string>();
                    ring = s["ringId"]!.GetValue<string>();
                    members = string.Join(",", s["members"]!.AsArray().Select(m => m!["nodeId"]!.ToString()));
                }
                else
                {
                    state = "starting";
                }
            }
            text.AppendLine($"{"node" + i,-6} {LabLayout.Address(i),-11} {pid?.ToString() ?? "-",-8} {state,-12} {ring,-10} {members}");
        }
        return text.ToString();
    }

    private static bool IsRoot() => Environment.UserName == "root";

    private static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (LabException ex)
        {
            Console.Error.WriteLine($"concord lab: {ex.Message}");
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"concord lab: {ex.Message}");
            return ExitCodes.CantCreate;
        }
    }
}

internal sealed class LabException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
