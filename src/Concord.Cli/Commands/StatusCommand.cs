using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Concord.Cli.Admin;

namespace Concord.Cli.Commands;

/// <summary>`concord status`: this node, its ring, members and links (like corosync-cfgtool -s + quorumtool -l).</summary>
internal static class StatusCommand
{
    public static Command Create() =>
        CommonOptions.Query("status", "Show this node's membership, ring and links", "status", Render, exitCode: ExitCodeFor);

    /// <summary>0 when operational (and quorate, once quorum reports); 1 while forming; 2 when not quorate.</summary>
    internal static int ExitCodeFor(JsonObject status)
    {
        if (status["quorate"] is JsonNode quorate && !quorate.GetValue<bool>()) return ExitCodes.NotQuorate;
        return status["state"]?.GetValue<string>() == "operational" ? ExitCodes.Ok : ExitCodes.Failure;
    }

    internal static string Render(JsonObject s)
    {
        var text = new StringBuilder();
        text.AppendLine($"Cluster:    {s["clusterName"]}");
        text.AppendLine($"This node:  {s["name"]} (id {s["nodeId"]}), {s["role"]}");
        text.AppendLine($"Ring:       {s["ringId"]} ({s["state"]}, for {FormatAge(s["membershipAgeMs"]?.GetValue<long>() ?? 0)})");
        if (s["quorate"] is JsonNode q) text.AppendLine($"Quorate:    {(q.GetValue<bool>() ? "yes" : "NO")}");
        var members = s["members"]!.AsArray();
        text.AppendLine($"Members:    {members.Count}");
        foreach (var m in members)
        {
            string local = m!["local"]?.GetValue<bool>() == true ? " (local)" : "";
            text.AppendLine($"  {m["nodeId"],6}  {m["name"]}{local}");
        }
        text.AppendLine("Links:");
        foreach (var l in s["links"]!.AsArray())
            text.AppendLine($"  link {l!["link"]}  {l["local"],-22} {l["peersUp"]}/{l["peers"]} peers reachable");
        return text.ToString();
    }

    private static string FormatAge(long ms) => ms switch
    {
        < 1000 => $"{ms} ms",
        < 120_000 => $"{ms / 1000.0:0.0} s",
        < 7_200_000 => $"{ms / 60_000} min",
        _ => $"{ms / 3_600_000} h",
    };
}
