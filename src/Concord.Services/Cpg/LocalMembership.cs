namespace Concord.Services.Cpg;

/// <summary>
/// One (group, process) of a local client, from the join request until its leave (or
/// process-down) is delivered. The flags say how far its messages got: queued in the engine's
/// outbox, handed to Totem (sent), delivered.
/// </summary>
internal sealed class LocalMembership(ClientId client, string group)
{
    public ClientId Client { get; } = client;

    public string Group { get; } = group;

    /// <summary>The join was handed to Totem: the sync join list counts this membership from now on.</summary>
    public bool JoinSent { get; set; }

    /// <summary>A leave or process-down is queued or sent: no more sends and no second leave.</summary>
    public bool LeaveRequested { get; set; }

    /// <summary>The leave or process-down was handed to Totem: the sync join list no longer counts it.</summary>
    public bool LeaveSent { get; set; }

    /// <summary>The host reported the client dead: nothing is delivered to it any more.</summary>
    public bool Dead { get; set; }

    public override string ToString() => $"{Client} in {Group}";
}

internal enum OutboxKind : byte
{
    Join,
    Leave,
    ProcessDown,
    Message,
}

/// <summary>A client request waiting in the outbox, already encoded.</summary>
internal sealed record OutboxItem(OutboxKind Kind, LocalMembership Membership, byte[] Encoded, int PayloadBytes);
