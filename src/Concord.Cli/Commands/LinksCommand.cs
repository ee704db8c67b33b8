using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Concord.Cli.Admin;

namespace Concord.Cli.Commands;

/// <summary>`concord links`: every link to every peer, with state, latency and counters (like corosync-cfgtool -n).</summary>
internal static class LinksCommand
{
    public static Command Create() =>
        CommonOptions.Query("links", "Show the state, latency and counters of each link to each node", "links", Render);

    internal static string Render(JsonObject result)
    {
        var text = new StringBuilder();
        text.AppendLine($"{"NODE",-16} {"LINK",4} {"REMOTE",-22} {"STATE",-5} {"LATENCY",9} {"SENT",9} {"RECEIVED",9} {"DOWNS",5}");
        foreach (var l in result["links"]!.AsArray())
        {
            string node = $"{l!["name"]} ({l["nodeId"]})";
            string state = l["up"]!.GetValue<bool>() ? "up" : "DOWN";
            text.AppendLine($"{node,-16} {l["link"],4} {l["remote"],-22} {state,-5} {l["latencyMs"]!.GetValue<double>(),7:0.000}ms {l["sent"],9} {l["received"],9} {l["downTransitions"],5}");
        }
        var dropped = result["dropped"]?.AsObject();
        if (dropped is { Count: > 0 })
        {
            text.AppendLine("Dropped datagrams:");
            foreach (var (reason, count) in dropped) text.AppendLine($"  {count,8}  {reason}");
        }
        return text.ToString();
    }
}
