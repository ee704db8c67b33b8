namespace Concord.Totem;

/// <summary>
/// Totem timing and flow-control knobs. Property names mirror corosync.conf(5) (totem section) and
/// defaults are those corosync 3.1 documents.
/// </summary>
public sealed record TotemOptions
{
    /// <summary><c>token</c>: ms without a token before the ring is declared lost. Default 3000.</summary>
    public int TokenMs { get; init; } = 3000;

    /// <summary><c>token_coefficient</c>: added per node beyond two to the token timeout. Default 650.</summary>
    public int TokenCoefficientMs { get; init; } = 650;

    /// <summary><c>token_retransmits_before_loss_const</c>: token resends before loss. Default 4.</summary>
    public int TokenRetransmitsBeforeLossConst { get; init; } = 4;

    /// <summary><c>token_retransmit</c>: ms between token resends; 0 derives token / (retransmits + 0.2).</summary>
    public int TokenRetransmitMs { get; init; }

    /// <summary><c>hold</c>: ms the representative holds the token when the ring is idle. Default 180.</summary>
    public int HoldMs { get; init; } = 180;

    /// <summary><c>join</c>: ms between join messages while gathering. Default 50.</summary>
    public int JoinMs { get; init; } = 50;

    /// <summary><c>consensus</c>: ms to reach membership agreement; 0 derives 1.2 × token.</summary>
    public int ConsensusMs { get; init; }

    /// <summary><c>merge</c>: ms between the representative's probes for other partitions. Default 200.</summary>
    public int MergeMs { get; init; } = 200;

    /// <summary><c>downcheck</c>: ms between checks of a downed interface (transport). Default 1000.</summary>
    public int DowncheckMs { get; init; } = 1000;

    /// <summary><c>fail_recv_const</c>: token rotations without progress on missing messages before reforming. Default 2500.</summary>
    public int FailRecvConst { get; init; } = 2500;

    /// <summary><c>seqno_unchanged_const</c>: idle rotations before the token is held. Default 30.</summary>
    public int SeqnoUnchangedConst { get; init; } = 30;

    /// <summary><c>window_size</c>: messages all nodes may send in one token rotation. Default 50.</summary>
    public int WindowSize { get; init; } = 50;

    /// <summary><c>max_messages</c>: messages one node may send per token visit. Default 17.</summary>
    public int MaxMessages { get; init; } = 17;

    /// <summary><c>netmtu</c>: bytes in the largest datagram the network carries. Default 1500.</summary>
    public int NetMtu { get; init; } = 1500;

    /// <summary>Largest application message; bigger ones are refused. 1 MiB.</summary>
    public int MessageBytesMax { get; init; } = 1 << 20;

    /// <summary>Bound on fragments waiting to be sent (back-pressure beyond it). Default 8192.</summary>
    public int SendQueueFragmentsMax { get; init; } = 8192;

    /// <summary>Bound on payload bytes waiting to be sent (back-pressure beyond it); matters when fragments are large.</summary>
    public long SendQueueBytesMax { get; init; } = long.MaxValue;

    /// <summary>Bound on retransmission requests carried by the token.</summary>
    public int RetransmitListMax { get; init; } = 64;

    /// <summary>Bytes reserved under netmtu for IP/UDP and the transport's authentication envelope.</summary>
    public const int TransportOverheadBytes = 100;

    /// <summary>Bytes of one message header; a recovered message is wrapped in a second one.</summary>
    internal const int McastHeaderBytes = 48;

    public int EffectiveTokenRetransmitMs =>
        TokenRetransmitMs > 0 ? TokenRetransmitMs : (int)(TokenMs / (TokenRetransmitsBeforeLossConst + 0.2));

    public int EffectiveConsensusMs => ConsensusMs > 0 ? ConsensusMs : (int)(TokenMs * 1.2);

    /// <summary>Payload bytes per fragment: netmtu less transport overhead and two headers.</summary>
    public int FragmentPayloadBytes => NetMtu - TransportOverheadBytes - (2 * McastHeaderBytes);

    /// <summary>The token timeout corosync uses for a nodelist of this size (token + (n − 2) × coefficient).</summary>
    public int EffectiveTokenMs(int configuredNodes) =>
        configuredNodes > 2 ? TokenMs + ((configuredNodes - 2) * TokenCoefficientMs) : TokenMs;

    /// <summary>Every problem with these options, each naming the corosync option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Positive(int value, string name)
        {
            if (value <= 0) errors.Add($"{name} must be a positive number (got {value})");
        }

        Positive(TokenMs, "token");
        Positive(JoinMs, "join");
        Positive(MergeMs, "merge");
        Positive(HoldMs, "hold");
        Positive(DowncheckMs, "downcheck");
        Positive(FailRecvConst, "fail_recv_const");
        Positive(SeqnoUnchangedConst, "seqno_unchanged_const");
        Positive(WindowSize, "window_size");
        Positive(MaxMessages, "max_messages");
        Positive(TokenRetransmitsBeforeLossConst, "token_retransmits_before_loss_const");
        if (TokenCoefficientMs < 0) errors.Add($"token_coefficient must not be negative (got {TokenCoefficientMs})");
        if (TokenRetransmitMs < 0) errors.Add($"token_retransmit must not be negative (got {TokenRetransmitMs})");
        if (ConsensusMs < 0) errors.Add($"consensus must not be negative (got {ConsensusMs})");
        if (TokenMs > 0 && EffectiveConsensusMs <= TokenMs)
            errors.Add($"consensus ({EffectiveConsensusMs} ms) must be greater than token ({TokenMs} ms); corosync recommends 1.2 × token");
        if (TokenMs > 0 && EffectiveTokenRetransmitMs >= TokenMs)
            errors.Add($"token_retransmit ({EffectiveTokenRetransmitMs} ms) must be less than token ({TokenMs} ms)");
        if (TokenMs > 0 && HoldMs >= EffectiveTokenRetransmitMs)
            errors.Add($"hold ({HoldMs} ms) must be less than token_retransmit ({EffectiveTokenRetransmitMs} ms)");
        if (MaxMessages > WindowSize)
            errors.Add($"max_messages ({MaxMessages}) must not exceed window_size ({WindowSize})");
        if (NetMtu < 576 || NetMtu > 65_000)
            errors.Add($"netmtu must be between 576 and 65000 bytes (got {NetMtu})");
        if (MessageBytesMax <= 0) errors.Add($"MessageBytesMax must be positive (got {MessageBytesMax})");
        if (SendQueueFragmentsMax <= 0) errors.Add($"SendQueueFragmentsMax must be positive (got {SendQueueFragmentsMax})");
        if (SendQueueBytesMax < MessageBytesMax) errors.Add($"SendQueueBytesMax ({SendQueueBytesMax}) must hold at least one largest message ({MessageBytesMax} bytes)");
        if (RetransmitListMax <= 0) errors.Add($"RetransmitListMax must be positive (got {RetransmitListMax})");
        return errors;
    }
}
