using System.Globalization;
using System.Text;
using Concord.Services.Quorum;

namespace Concord.Services.Tests.Quorum.Sim;

internal abstract record ScenarioStep
{
    /// <summary>The corosync-vqsim command, or null for steps vqsim cannot express.</summary>
    public abstract string? VqsimCommand { get; }

    protected static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Start a configured node in a partition (vqsim <c>up P:N</c>).</summary>
internal sealed record UpStep(uint Node, int Partition) : ScenarioStep
{
    public override string VqsimCommand => Inv($"up {Partition}:{Node}");
}

/// <summary>A node fails (vqsim <c>down N</c>: the process exits without a clean leave).</summary>
internal sealed record DownStep(uint Node) : ScenarioStep
{
    public override string VqsimCommand => Inv($"down {Node}");
}

/// <summary>Move nodes into a partition: a network split (vqsim <c>split P:N,N</c>).</summary>
internal sealed record SplitStep(int Partition, IReadOnlyList<uint> Nodes) : ScenarioStep
{
    public override string VqsimCommand => Inv($"split {Partition}:{string.Join(',', Nodes)}");
}

/// <summary>Merge partition <see cref="From"/> into <see cref="Into"/> (vqsim <c>join A B</c>).</summary>
internal sealed record JoinStep(int Into, int From) : ScenarioStep
{
    public override string VqsimCommand => Inv($"join {Into} {From}");
}

/// <summary>Runtime expected votes change issued on one node (engine-only: vqsim has no such command).</summary>
internal sealed record SetExpectedStep(uint Node, uint Expected) : ScenarioStep
{
    public override string? VqsimCommand => null;
}

/// <summary>Runtime votes change issued on one node for a target (engine-only).</summary>
internal sealed record SetVotesStep(uint Node, uint Target, uint Votes) : ScenarioStep
{
    public override string? VqsimCommand => null;
}

/// <summary>A clean shutdown: the node says it is leaving, then goes (engine-only).</summary>
internal sealed record LeaveStep(uint Node) : ScenarioStep
{
    public override string? VqsimCommand => null;
}

/// <param name="NodeIds">The configured nodes, in nodelist order.</param>
/// <param name="Votes">quorum_votes per node, parallel to <paramref name="NodeIds"/>.</param>
/// <param name="SettleMs">Time that passes after every step (vqsim: real time slept), so that due LMS timers fire.</param>
internal sealed record Scenario(
    ulong Seed,
    IReadOnlyList<uint> NodeIds,
    IReadOnlyList<uint> Votes,
    QuorumOptions Options,
    IReadOnlyList<ScenarioStep> Steps,
    uint SettleMs)
{
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Inv($"seed {Seed}: nodes [{string.Join(' ', NodeIds.Select((n, i) => Inv($"{n}x{Votes[i]}")))}]"));
        text.Append(Inv($" expected_votes={Options.ExpectedVotes} two_node={Options.TwoNode} wait_for_all={Options.WaitForAll?.ToString() ?? "auto"}"));
        text.Append(Inv($" lms={Options.LastManStanding}/{Options.LastManStandingWindowMs}ms atb={Options.AutoTieBreaker}/{Options.AutoTieBreakerNode ?? "lowest"}"));
        text.Append(Inv($" allow_downscale={Options.AllowDownscale} settle={SettleMs}ms\n"));
        for (int i = 0; i < Steps.Count; i++) text.Append(Inv($"  step {i + 1}: {Steps[i].VqsimCommand ?? Steps[i].ToString()}\n"));
        return text.ToString();
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
