using System.CommandLine;
using Concord.Resources.Cib;
using Concord.Resources.Scheduling;
using Concord.Resources.Simulation;

namespace Concord.Cli.Commands;

/// <summary>
/// `concord simulate --xml-file CIB [--show-scores] [--node-fail N] [--node-up N] [--node-down N]
/// [--op-fail RSC_OP_INTERVAL@NODE=RC] [--show-graph]`: run the Pacemaker-compatible scheduler offline on a
/// CIB file and print what the cluster would do, like crm_simulate -R.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var xmlFile = new Option<string>("--xml-file", "-x") { Description = "CIB XML file to read (Pacemaker schema 3.x)", Required = true };
        var showScores = new Option<bool>("--show-scores", "-s") { Description = "Show allocation scores" };
        var showGraph = new Option<bool>("--show-graph", "-G") { Description = "Show the transition's ordered action graph" };
        var nodeFail = new Option<string[]>("--node-fail", "-f") { Description = "Pretend NODE failed (left the cluster uncleanly)", AllowMultipleArgumentsPerToken = false };
        var nodeUp = new Option<string[]>("--node-up", "-u") { Description = "Pretend NODE came online" };
        var nodeDown = new Option<string[]>("--node-down", "-d") { Description = "Pretend NODE shut down cleanly" };
        var opFail = new Option<string[]>("--op-fail", "-i")
        {
            Description = "Pretend an operation returned RC before scheduling: RESOURCE_TASK_INTERVALMS@NODE=RC (e.g. db_monitor_10000@node2=7)",
        };
        var now = new Option<long?>("--now") { Description = "Current time as Unix seconds (for failure-timeout); default: the real clock" };
        var command = new Command("simulate", "Show what the resource scheduler would do for a CIB, offline (like crm_simulate)")
        {
            xmlFile, showScores, showGraph, nodeFail, nodeUp, nodeDown, opFail, now,
        };
        command.SetAction(parse =>
        {
            var injections = new Injections();
            injections.NodeFail.AddRange(parse.GetValue(nodeFail) ?? []);
            injections.NodeUp.AddRange(parse.GetValue(nodeUp) ?? []);
            injections.NodeDown.AddRange(parse.GetValue(nodeDown) ?? []);
            injections.OpResults.AddRange(parse.GetValue(opFail) ?? []);
            return Run(parse.GetValue(xmlFile)!, parse.GetValue(showScores), parse.GetValue(showGraph), injections,
                parse.GetValue(now) ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    internal static int Run(string path, bool showScores, bool showGraph, Injections injections, long now, TextWriter output, TextWriter error)
    {
        foreach (string spec in injections.OpResults)
        {
            if (Injections.ParseOpSpec(spec, out string? message) is null)
            {
                error.WriteLine($"concord: --op-fail {message}");
                return ExitCodes.Usage;
            }
        }
        string xml;
        try
        {
            xml = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"concord: cannot read {path}: {ex.Message}");
            return ExitCodes.NoInput;
        }
        Transition transition;
        try
        {
            CibDocument cib = CibParser.Parse(xml);
            injections.Apply(cib, now);
            transition = Scheduler.Run(cib, now, collectScores: showScores);
        }
        catch (CibException ex)
        {
            error.WriteLine($"concord: {path}: {ex.Message}");
            return ExitCodes.DataError;
        }
        foreach (string w in transition.Warnings)
        {
            error.WriteLine($"warning: {w}");
        }
        if (showScores)
        {
            output.WriteLine("Allocation scores:");
            foreach (string line in transition.Scores)
            {
                output.WriteLine($"  {line}");
            }
            output.WriteLine();
        }
        output.WriteLine("Transition Summary:");
        foreach (string line in transition.Summary)
        {
            output.WriteLine($"  * {line}");
        }
        if (showGraph)
        {
            output.WriteLine();
            output.WriteLine("Transition Graph:");
            foreach (TransitionAction a in transition.Actions)
            {
                output.WriteLine($"  {a.Describe()}");
            }
        }
        return ExitCodes.Ok;
    }
}
