namespace Concord.Services.Quorum;

public enum QuorumAdminStatus
{
    /// <summary>Accepted and broadcast; it takes effect when delivered in total order.</summary>
    Accepted,
    /// <summary>The value is out of range or would make no sense (corosync's CS_ERR_INVALID_PARAM).</summary>
    InvalidValue,
    /// <summary>The node is not known (corosync's CS_ERR_NAME_NOT_FOUND).</summary>
    NodeNotFound,
}

public sealed record QuorumAdminResult(QuorumAdminStatus Status, string Message)
{
    public bool IsAccepted => Status == QuorumAdminStatus.Accepted;

    internal static QuorumAdminResult Accepted(string message) => new(QuorumAdminStatus.Accepted, message);
}
