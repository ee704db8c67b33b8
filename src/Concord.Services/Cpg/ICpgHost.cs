using Concord.Totem;

namespace Concord.Services.Cpg;

/// <summary>
/// Everything the process-group engine asks of the world. The daemon implements it over Totem and
/// its client IPC connections; the tests over an in-memory ring or simulated Totem processors.
/// Calls happen synchronously from inside the engine's input methods.
/// </summary>
public interface ICpgHost
{
    /// <summary>
    /// Queue one CPG message for <see cref="DeliveryGuarantee.Agreed"/> delivery to every member of
    /// the ring, this node included (the daemon calls <see cref="TotemProcessor.Send"/> and returns its
    /// result unchanged; it must not queue on its own). The engine never touches the buffer again.
    /// <see cref="SendResult.TryAgain"/> is normal back-pressure: the engine holds the message (or
    /// refuses the client) and retries on its next input or <see cref="CpgEngine.Flush"/>.
    /// </summary>
    SendResult Broadcast(ReadOnlyMemory<byte> message);

    /// <summary>Hand an event to a local client connection.</summary>
    void Deliver(ClientId to, CpgEvent ev);
}
