namespace Concord.Services.Cpg;

/// <summary>One group as <c>concord cpg</c> lists it: its name and members, ascending by (node, pid).</summary>
public sealed record GroupInfo(string Name, IReadOnlyList<CpgAddress> Members);
