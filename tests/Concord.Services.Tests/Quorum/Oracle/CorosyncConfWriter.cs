using System.Globalization;
using System.Text;
using Concord.Services.Tests.Quorum.Sim;

namespace Concord.Services.Tests.Quorum.Oracle;

/// <summary>Writes a scenario's configuration as the corosync.conf corosync-vqsim reads.</summary>
internal static class CorosyncConfWriter
{
    public static string Write(Scenario scenario, string stateDirectory)
    {
        var text = new StringBuilder();
        text.Append("totem {\n\tversion: 2\n\tcluster_name: vqsim\n}\n");
        text.Append(CultureInfo.InvariantCulture, $"system {{\n\tstate_dir: {stateDirectory}\n}}\n");
        text.Append("nodelist {\n");
        for (int i = 0; i < scenario.NodeIds.Count; i++)
        {
            uint id = scenario.NodeIds[i];
            text.Append("\tnode {\n");
            text.Append(CultureInfo.InvariantCulture, $"\t\tring0_addr: 127.0.1.{id}\n");
            text.Append(CultureInfo.InvariantCulture, $"\t\tnodeid: {id}\n");
            text.Append(CultureInfo.InvariantCulture, $"\t\tquorum_votes: {scenario.Votes[i]}\n");
            text.Append("\t}\n");
        }
        text.Append("}\n");

        var o = scenario.Options;
        text.Append("quorum {\n\tprovider: corosync_votequorum\n");
        if (o.ExpectedVotes != 0) Key(text, "expected_votes", o.ExpectedVotes);
        if (o.TwoNode) Key(text, "two_node", 1);
        if (o.WaitForAll is bool wfa) Key(text, "wait_for_all", wfa ? 1 : 0);
        if (o.LastManStanding)
        {
            Key(text, "last_man_standing", 1);
            Key(text, "last_man_standing_window", o.LastManStandingWindowMs);
        }
        if (o.AutoTieBreaker) Key(text, "auto_tie_breaker", 1);
        if (o.AutoTieBreakerNode is not null) text.Append(CultureInfo.InvariantCulture, $"\tauto_tie_breaker_node: {o.AutoTieBreakerNode}\n");
        if (o.AllowDownscale) Key(text, "allow_downscale", 1);
        text.Append("}\n");
        return text.ToString();
    }

    private static void Key(StringBuilder text, string key, uint value) =>
        text.Append(CultureInfo.InvariantCulture, $"\t{key}: {value}\n");

    private static void Key(StringBuilder text, string key, int value) =>
        text.Append(CultureInfo.InvariantCulture, $"\t{key}: {value}\n");
}
