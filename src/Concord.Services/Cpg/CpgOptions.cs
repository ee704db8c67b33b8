using Concord.Totem;

namespace Concord.Services.Cpg;

/// <summary>
/// Bounds of the process-group engine. corosync has no knobs for these (its limits are compiled
/// in); the defaults suit the daemon, the tests shrink them to reach the edges.
/// </summary>
public sealed record CpgOptions
{
    /// <summary>
    /// Largest encoded CPG message handed to Totem (header, group name and payload). Must not exceed
    /// what Totem can ever take (see <see cref="ForTotem"/>). Default 1 MiB less 64 bytes for the
    /// host's framing.
    /// </summary>
    public int MessageBytesMax { get; init; } = (1 << 20) - 64;

    /// <summary>Client messages held while a sync runs or Totem pushes back (beyond it: TryAgain). Default 1024.</summary>
    public int OutboxMessagesMax { get; init; } = 1024;

    /// <summary>Payload bytes held in the outbox (beyond it: TryAgain). Default 8 MiB.</summary>
    public long OutboxBytesMax { get; init; } = 8L << 20;

    /// <summary>Groups one client connection may be in. Default 64.</summary>
    public int GroupsPerClientMax { get; init; } = 64;

    /// <summary>(group, process) memberships of this node's clients. Default 4096.</summary>
    public int LocalMembershipsMax { get; init; } = 4096;

    /// <summary>Largest sync join list chunk. Default 32 KiB.</summary>
    public int SyncChunkBytesMax { get; init; } = 32 * 1024;

    /// <summary>
    /// Options whose message limit fits the Totem processor underneath: no larger than Totem's
    /// <see cref="TotemOptions.MessageBytesMax"/>, nor than half its send queue
    /// (<see cref="TotemOptions.SendQueueFragmentsMax"/> fragments of
    /// <see cref="TotemOptions.FragmentPayloadBytes"/>, or <see cref="TotemOptions.SendQueueBytesMax"/>) — a bigger message would be refused with
    /// TryAgain for ever — less <paramref name="framingBytes"/> the host puts in front of each
    /// message. With corosync's defaults that is 1 MiB less the framing.
    /// </summary>
    public static CpgOptions ForTotem(TotemOptions totem, int framingBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(totem);
        long queueHalf = Math.Min((long)Math.Max(1, totem.SendQueueFragmentsMax / 2) * totem.FragmentPayloadBytes, totem.SendQueueBytesMax / 2);
        int max = (int)Math.Min(totem.MessageBytesMax, queueHalf) - framingBytes;
        var defaults = new CpgOptions();
        return defaults with
        {
            MessageBytesMax = max,
            SyncChunkBytesMax = Math.Min(defaults.SyncChunkBytesMax, max),
            OutboxBytesMax = Math.Max(defaults.OutboxBytesMax, max),
        };
    }

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        int smallest = CpgCodec.MessageOverheadBytes + CpgLimits.GroupNameBytesMax;
        if (MessageBytesMax < smallest)
            errors.Add($"MessageBytesMax must be at least {smallest} bytes (got {MessageBytesMax})");
        if (OutboxMessagesMax <= 0) errors.Add($"OutboxMessagesMax must be positive (got {OutboxMessagesMax})");
        if (OutboxBytesMax < MessageBytesMax)
            errors.Add($"OutboxBytesMax ({OutboxBytesMax}) must be at least MessageBytesMax ({MessageBytesMax})");
        if (GroupsPerClientMax <= 0) errors.Add($"GroupsPerClientMax must be positive (got {GroupsPerClientMax})");
        if (LocalMembershipsMax <= 0 || LocalMembershipsMax > CpgLimits.SyncEntriesPerNodeMax)
            errors.Add($"LocalMembershipsMax must be within 1-{CpgLimits.SyncEntriesPerNodeMax} (got {LocalMembershipsMax})");
        int oneEntry = CpgCodec.SyncHeaderBytes + CpgCodec.SyncEntryBytesMax;
        if (SyncChunkBytesMax < oneEntry || SyncChunkBytesMax > MessageBytesMax)
            errors.Add($"SyncChunkBytesMax must be within {oneEntry}-{MessageBytesMax} bytes (got {SyncChunkBytesMax})");
        return errors;
    }
}
