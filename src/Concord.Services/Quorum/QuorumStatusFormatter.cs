using System.Globalization;
using System.Text;
using System.Text.Json;
using Concord.Core;

namespace Concord.Services.Quorum;

/// <summary>One member line of the operator view.</summary>
public sealed record QuorumMemberView(uint NodeId, uint Votes, string Name, bool Local);

/// <summary>The JSON-ready operator view of <see cref="QuorumStatus"/> (<c>concord quorum --output json</c>).</summary>
public sealed record QuorumStatusView(
    string RingId,
    uint NodeId,
    int Nodes,
    bool Quorate,
    uint ExpectedVotes,
    uint HighestExpected,
    uint TotalVotes,
    uint Quorum,
    IReadOnlyList<string> Flags,
    IReadOnlyList<QuorumMemberView> Members);

/// <summary>
/// Renders <see cref="QuorumStatus"/> the way <c>corosync-quorumtool -s</c> prints it, and as a
/// JSON-ready record. Pure: the date line and node names come from the caller.
/// </summary>
public static class QuorumStatusFormatter
{
    /// <summary>The process exit status corosync-quorumtool -s uses: 0 quorate, 2 not quorate.</summary>
    public static int ExitStatus(QuorumStatus status) => status.Quorate ? 0 : 2;

    /// <summary>Flag names as corosync-quorumtool prints them, in its order.</summary>
    public static IReadOnlyList<string> FlagNames(QuorumFlags flags)
    {
        var names = new List<string>(6);
        if (flags.HasFlag(QuorumFlags.TwoNode)) names.Add("2Node");
        if (flags.HasFlag(QuorumFlags.Quorate)) names.Add("Quorate");
        if (flags.HasFlag(QuorumFlags.WaitForAll)) names.Add("WaitForAll");
        if (flags.HasFlag(QuorumFlags.LastManStanding)) names.Add("LastManStanding");
        if (flags.HasFlag(QuorumFlags.AutoTieBreaker)) names.Add("AutoTieBreaker");
        if (flags.HasFlag(QuorumFlags.AllowDownscale)) names.Add("AllowDownscale");
        return names;
    }

    /// <param name="names">Node names (nodelist <c>name</c> or <c>ring0_addr</c>); a node without one shows its id.</param>
    public static QuorumStatusView ToView(QuorumStatus status, IReadOnlyDictionary<NodeId, string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        var members = new List<QuorumMemberView>(status.Members.Count);
        foreach (QuorumMemberStatus member in status.Members.OrderBy(m => m.NodeId.Value))
        {
            string name = names is not null && names.TryGetValue(member.NodeId, out string? n) ? n : member.NodeId.ToString();
            members.Add(new QuorumMemberView(member.NodeId.Value, member.Votes, name, member.NodeId == status.LocalNode));
        }
        return new QuorumStatusView(status.RingId.ToString(), status.LocalNode.Value, status.Members.Count, status.Quorate,
            status.ExpectedVotes, status.HighestExpected, status.TotalVotes, status.Quorum, FlagNames(status.Flags), members);
    }

    /// <param name="date">The "Date:" value (the host's clock, e.g. ctime format); the line is omitted when null.</param>
    public static string FormatText(QuorumStatus status, IReadOnlyDictionary<NodeId, string>? names = null, string? date = null)
    {
        QuorumStatusView view = ToView(status, names);
        var text = new StringBuilder();
        text.Append("Quorum information\n");
        text.Append("------------------\n");
        if (date is not null) Line(text, "Date:", date);
        Line(text, "Quorum provider:", "corosync_votequorum");
        Line(text, "Nodes:", Num(view.Nodes));
        Line(text, "Node ID:", Num(view.NodeId));
        Line(text, "Ring ID:", view.RingId);
        Line(text, "Quorate:", view.Quorate ? "Yes" : "No");
        text.Append('\n');
        text.Append("Votequorum information\n");
        text.Append("----------------------\n");
        Line(text, "Expected votes:", Num(view.ExpectedVotes));
        Line(text, "Highest expected:", Num(view.HighestExpected));
        Line(text, "Total votes:", Num(view.TotalVotes));
        Line(text, "Quorum:", Num(view.Quorum) + " " + (view.Quorate ? " " : "Activity blocked"));
        Line(text, "Flags:", string.Concat(view.Flags.Select(f => f + " ")));
        text.Append('\n');
        text.Append("Membership information\n");
        text.Append("----------------------\n");
        text.Append(Padded("Nodeid")).Append(Padded("Votes")).Append("Name\n");
        foreach (QuorumMemberView member in view.Members)
        {
            text.Append(Padded(Num(member.NodeId))).Append(Padded(Num(member.Votes))).Append(member.Name);
            if (member.Local) text.Append(" (local)");
            text.Append('\n');
        }
        return text.ToString();
    }

    public static string FormatJson(QuorumStatus status, IReadOnlyDictionary<NodeId, string>? names = null)
    {
        QuorumStatusView view = ToView(status, names);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("ringId", view.RingId);
            json.WriteNumber("nodeId", view.NodeId);
            json.WriteNumber("nodes", view.Nodes);
            json.WriteBoolean("quorate", view.Quorate);
            json.WriteNumber("expectedVotes", view.ExpectedVotes);
            json.WriteNumber("highestExpected", view.HighestExpected);
            json.WriteNumber("totalVotes", view.TotalVotes);
            json.WriteNumber("quorum", view.Quorum);
            json.WriteStartArray("flags");
            foreach (string flag in view.Flags) json.WriteStringValue(flag);
            json.WriteEndArray();
            json.WriteStartArray("members");
            foreach (QuorumMemberView member in view.Members)
            {
                json.WriteStartObject();
                json.WriteNumber("nodeId", member.NodeId);
                json.WriteNumber("votes", member.Votes);
                json.WriteString("name", member.Name);
                json.WriteBoolean("local", member.Local);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append(label.PadRight(18)).Append(value).Append('\n');

    /// <summary>corosync-quorumtool's print_string_padded: right-aligned in 10 columns, then a space.</summary>
    private static string Padded(string value) => value.PadLeft(10) + " ";

    private static string Num(uint value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
