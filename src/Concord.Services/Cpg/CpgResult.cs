namespace Concord.Services.Cpg;

/// <summary>The answer to a local client's request (corosync's cs_error_t where one exists).</summary>
public enum CpgResult
{
    /// <summary>Accepted: it will be delivered in total order (a join or leave shows up as a membership event).</summary>
    Ok,
    /// <summary>Back-pressure (Totem's send queue or the engine's bounded outbox is full) or a leave of this group is still in flight: retry later.</summary>
    TryAgain,
    /// <summary>The client is not a member of the group (never joined, or already leaving).</summary>
    NotMember,
    /// <summary>This process (pid) already joined the group, over this or another connection.</summary>
    AlreadyMember,
    /// <summary>The message does not fit in <see cref="CpgOptions.MessageBytesMax"/>.</summary>
    TooLarge,
    /// <summary>The group name is empty, longer than <see cref="CpgLimits.GroupNameBytesMax"/> UTF-8 bytes, or not valid Unicode.</summary>
    InvalidGroup,
    /// <summary>The client id does not belong to this node.</summary>
    InvalidClient,
    /// <summary>The client or the node has joined as many groups as <see cref="CpgOptions"/> allows.</summary>
    LimitReached,
}
