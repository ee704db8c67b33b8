namespace Concord.Services.Quorum;

public enum QuorumConfigSeverity
{
    /// <summary>corosync refuses to start with this configuration; so does Concord.</summary>
    Error,
    /// <summary>corosync starts but silently changes a setting; Concord does the same and says so.</summary>
    Warning,
}

/// <param name="Key">The corosync.conf key concerned, e.g. <c>quorum.auto_tie_breaker_node</c>.</param>
/// <param name="Message">A sentence saying what is wrong and what would be valid.</param>
public sealed record QuorumConfigIssue(QuorumConfigSeverity Severity, string Key, string Message)
{
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()}: {Key}: {Message}";
}

/// <summary>Thrown by <see cref="QuorumEngine"/> when given a configuration with errors.</summary>
public sealed class QuorumConfigurationException(IReadOnlyList<QuorumConfigIssue> issues)
    : Exception("invalid quorum configuration: " + string.Join("; ", issues))
{
    public IReadOnlyList<QuorumConfigIssue> Issues { get; } = issues;
}
