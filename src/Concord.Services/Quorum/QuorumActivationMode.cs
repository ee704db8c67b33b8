namespace Concord.Services.Quorum;

/// <summary>When the engine takes its verdict for a newly installed ring.</summary>
internal enum QuorumActivationMode
{
    /// <summary>
    /// Once every member's state message for the ring has been delivered: corosync's sync barrier,
    /// and what the daemon uses.
    /// </summary>
    AfterAllStates,

    /// <summary>
    /// Right after sending our own state, before anyone's is delivered: what corosync-vqsim does
    /// (its sync_process returns at once and it calls sync_activate from the same timer). Used only
    /// to compare against vqsim; docs/protocols/quorum.md explains the difference.
    /// </summary>
    Immediately,

    /// <summary>Only when <see cref="QuorumEngine.ActivateNow"/> is called: lets a test replay any schedule corosync-vqsim may produce.</summary>
    Manual,
}
