using Concord.Core;
using Concord.Totem;

namespace Concord.Simulation.Checkers;

/// <summary>
/// Invariant 5: a safe message is delivered only when every member of the deliverer's current
/// configuration (the regular one, or the transitional one if it was delivered since) has it, asked
/// through <see cref="TotemProcessor.HasReceived"/>. Skipped, because there is nothing left to ask:
/// members that are down (crashed or left) or restarted (a new process that was never in the ring),
/// and members that have since moved two or more rings further (their processor no longer keeps that
/// ring's store). A member process that existed before the ring was first installed, is alive and
/// never installed it, is a violation for a regular configuration: its acknowledgement is needed.
/// </summary>
internal sealed class SafeDeliveryChecker(IReadOnlyList<SimNode> nodes, IReadOnlyDictionary<RingId, long> firstInstallMs) : InvariantChecker
{
    public long MembersChecked { get; private set; }

    public long MembersSkipped { get; private set; }

    public override string Name => "safe delivery (every member has it)";

    public override void OnDelivery(in DeliveryEvent e)
    {
        if (e.Message.Guarantee != DeliveryGuarantee.Safe) return;
        var p = e.Process;
        var ring = e.Delivery.OriginRing;
        bool transitional = p.TransitionalMembers is not null;
        var members = p.TransitionalMembers ?? p.CurrentMembers;
        foreach (var member in members)
        {
            var q = nodes[(int)member.Value - 1].Process;
            if (q?.Processor is not { } processor)
            {
                MembersSkipped++;
                continue;
            }
            if (q.Knows(ring))
            {
                MembersChecked++;
                if (!processor.HasReceived(ring, e.Delivery.Seq))
                {
                    string config = transitional ? $"transitional configuration {ConfigurationChecker.Show(members)}" : $"regular configuration {ring}";
                    Fail($"{p} delivered safe message {e.Id} (ring {ring} seq {e.Delivery.Seq}) but member {q} of its {config} has not received it");
                }
                continue;
            }
            bool existedBeforeRing = firstInstallMs.TryGetValue(ring, out long installedAt) && q.StartedAtMs <= installedAt;
            if (!transitional && existedBeforeRing && !q.InstalledRings.Contains(ring))
                Fail($"{p} delivered safe message {e.Id} in ring {ring} but member {q} has not installed that ring (state {processor.State}, ring {processor.RingId})");
            MembersSkipped++;
        }
    }
}
