using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Concord.Cli.Admin;

namespace Concord.Cli.Commands;

/// <summary>`concord cpg`: process groups and their members on this node's view (like corosync-cpgtool).</summary>
internal static class CpgCommand
{
    public static Command Create() =>
        CommonOptions.Query("cpg", "List process groups and their members (like corosync-cpgtool)", "cpg", Render);

    internal static string Render(JsonObject result)
    {
        var text = new StringBuilder();
        var groups = result["groups"]!.AsArray();
        if (groups.Count == 0) return "No process groups.\n";
        text.AppendLine($"{"Group Name",-32} {"PID",10} {"Node ID",8}  NODE");
        foreach (var g in groups)
        {
            text.AppendLine(g!["name"]!.GetValue<string>());
            foreach (var m in g["members"]!.AsArray())
                text.AppendLine($"{"",-32} {m!["pid"],10} {m["nodeId"],8}  {m["name"]}");
        }
        return text.ToString();
    }
}
