using Concord.Totem;

namespace Concord.Simulation.Checkers;

/// <summary>A broken safety or liveness property; the run stops at the first one.</summary>
public sealed class InvariantViolationException(string invariant, string message) : Exception(message)
{
    public string Invariant { get; } = invariant;
}

/// <summary>A message as the workload handed it to a processor.</summary>
internal sealed record SentMessage(MessageId Id, ulong Checksum, int Bytes, DeliveryGuarantee Guarantee, long QueuedAtMs);

/// <summary>One delivery, identified and verified by <see cref="IntegrityChecker.Identify"/>.</summary>
internal readonly record struct DeliveryEvent(ProcessView Process, TotemDelivery Delivery, SentMessage Message)
{
    public MessageId Id => Message.Id;
}

/// <summary>
/// An incremental checker: it sees each delivery and configuration change before the process
/// view is updated, and the end of the run. Each hook must stay cheap: it runs after every event.
/// </summary>
internal abstract class InvariantChecker
{
    public abstract string Name { get; }

    public virtual void OnDelivery(in DeliveryEvent e)
    {
    }

    public virtual void OnConfiguration(ProcessView process, TotemConfiguration configuration)
    {
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    protected void Fail(string message) => throw new InvariantViolationException(Name, message);
}
