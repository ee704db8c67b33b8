using System.Globalization;

namespace Concord.Host;

/// <summary>
/// The daemon's small numeric state files, each written before its value is used and replaced
/// atomically (write, then rename) so a crash never leaves a torn file:
/// <c>ringid</c> (highest ring sequence used, as corosync's ringid file: a restart never reuses a
/// ring id), <c>incarnation</c> (bumped every start), <c>epoch</c> (the transport's per-boot epoch)
/// and <c>ev_tracking</c> (votequorum's expected-votes barrier).
/// </summary>
internal sealed class StateFiles(string directory)
{
    public const string RingId = "ringid";
    public const string Incarnation = "incarnation";
    public const string Epoch = "epoch";
    public const string ExpectedVotesBarrier = "ev_tracking";

    /// <summary>The stored number, or 0 when there is none (or it cannot be read).</summary>
    public ulong Read(string name)
    {
        try
        {
            string path = Path.Combine(directory, name);
            return File.Exists(path) && ulong.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
                ? value
                : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public void Write(string name, ulong value)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path + ".tmp", value.ToString(CultureInfo.InvariantCulture));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>The next incarnation (stored before it is returned).</summary>
    public uint NextIncarnation()
    {
        uint next = (uint)Math.Min(uint.MaxValue, Read(Incarnation) + 1);
        Write(Incarnation, next);
        return next;
    }
}
