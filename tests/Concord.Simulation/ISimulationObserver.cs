using Concord.Core;
using Concord.Totem;

namespace Concord.Simulation;

/// <summary>Optional listener for a run: the replay tool's verbose trace and the demo's narration.</summary>
public interface ISimulationObserver
{
    /// <summary>When true, <see cref="OnTrace"/> receives a line for every event (slow).</summary>
    bool WantsTrace => false;

    void OnTrace(string line)
    {
    }

    /// <summary>A fault was injected or healed, described in words.</summary>
    void OnFault(long timeMs, string description)
    {
    }

    /// <summary>A process installed a configuration.</summary>
    void OnConfiguration(long timeMs, NodeId node, uint incarnation, TotemConfiguration configuration)
    {
    }

    /// <summary>A process delivered an application message.</summary>
    void OnDelivery(long timeMs, NodeId node)
    {
    }

    /// <summary>All live nodes are in one ring with every node, after the faults stopped.</summary>
    void OnConverged(long timeMs, RingId ring)
    {
    }
}
