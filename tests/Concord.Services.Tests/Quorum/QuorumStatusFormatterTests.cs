using System.Text.Json;
using Concord.Core;
using Concord.Services.Quorum;

namespace Concord.Services.Tests.Quorum;

[Trait("Category", "Unit")]
public sealed class QuorumStatusFormatterTests
{
    private static readonly QuorumStatus Status = new(
        new NodeId(1), new RingId(new NodeId(1), 0x1c), Quorate: true, ExpectedVotes: 3, HighestExpected: 3, TotalVotes: 3, Quorum: 2,
        QuorumFlags.Quorate | QuorumFlags.WaitForAll,
        [
            new QuorumMemberStatus(new NodeId(2), 1, 3, QuorumNodeState.Member, true),
            new QuorumMemberStatus(new NodeId(1), 1, 3, QuorumNodeState.Member, true),
            new QuorumMemberStatus(new NodeId(3), 1, 3, QuorumNodeState.Member, true),
        ],
        Synchronizing: false);

    [Fact]
    public void FormatText_Quorate_PrintsWhatCorosyncQuorumtoolPrints()
    {
        var names = new Dictionary<NodeId, string> { [new NodeId(1)] = "alpha", [new NodeId(2)] = "beta" };
        string text = QuorumStatusFormatter.FormatText(Status, names, date: "Tue Nov 24 12:00:00 2026");
        const string expected =
            "Quorum information\n" +
            "------------------\n" +
            "Date:             Tue Nov 24 12:00:00 2026\n" +
            "Quorum provider:  corosync_votequorum\n" +
            "Nodes:            3\n" +
            "Node ID:          1\n" +
            "Ring ID:          1.1c\n" +
            "Quorate:          Yes\n" +
            "\n" +
            "Votequorum information\n" +
            "----------------------\n" +
            "Expected votes:   3\n" +
            "Highest expected: 3\n" +
            "Total votes:      3\n" +
            "Quorum:           2  \n" +
            "Flags:            Quorate WaitForAll \n" +
            "\n" +
            "Membership information\n" +
            "----------------------\n" +
            "    Nodeid      Votes Name\n" +
            "         1          1 alpha (local)\n" +
            "         2          1 beta\n" +
            "         3          1 3\n";
        Assert.Equal(expected, text);
    }

    [Fact]
    public void FormatText_NotQuorate_SaysActivityBlocked()
    {
        QuorumStatus inquorate = Status with { Quorate = false, TotalVotes = 1, Flags = QuorumFlags.TwoNode };
        string text = QuorumStatusFormatter.FormatText(inquorate);
        Assert.Contains("Quorate:          No\n", text, StringComparison.Ordinal);
        Assert.Contains("Quorum:           2 Activity blocked\n", text, StringComparison.Ordinal);
        Assert.Contains("Flags:            2Node \n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Date:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ExitStatus_FollowsCorosyncQuorumtool()
    {
        Assert.Equal(0, QuorumStatusFormatter.ExitStatus(Status));
        Assert.Equal(2, QuorumStatusFormatter.ExitStatus(Status with { Quorate = false }));
    }

    [Fact]
    public void FormatJson_HasEveryFieldOfTheOperatorView()
    {
        using JsonDocument json = JsonDocument.Parse(QuorumStatusFormatter.FormatJson(Status));
        JsonElement root = json.RootElement;
        Assert.Equal("1.1c", root.GetProperty("ringId").GetString());
        Assert.True(root.GetProperty("quorate").GetBoolean());
        Assert.Equal(3, root.GetProperty("expectedVotes").GetInt32());
        Assert.Equal(3, root.GetProperty("highestExpected").GetInt32());
        Assert.Equal(3, root.GetProperty("totalVotes").GetInt32());
        Assert.Equal(2, root.GetProperty("quorum").GetInt32());
        Assert.Equal(["Quorate", "WaitForAll"], root.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!));
        JsonElement first = root.GetProperty("members")[0];
        Assert.Equal(1, first.GetProperty("nodeId").GetInt32());
        Assert.Equal(1, first.GetProperty("votes").GetInt32());
        Assert.True(first.GetProperty("local").GetBoolean());
    }

    [Fact]
    public void FlagNames_AllFlags_InCorosyncOrder()
    {
        Assert.Equal(["2Node", "Quorate", "WaitForAll", "LastManStanding", "AutoTieBreaker", "AllowDownscale"],
            QuorumStatusFormatter.FlagNames((QuorumFlags)63));
    }
}
