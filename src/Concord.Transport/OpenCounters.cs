namespace Concord.Transport;

/// <summary>How many datagrams <see cref="DatagramOpener"/> accepted and, per reason, dropped. Single-threaded like the opener.</summary>
public sealed class OpenCounters
{
    private readonly long[] _counts = new long[Enum.GetValues<OpenResult>().Length];

    public long this[OpenResult result] => _counts[(int)result];

    public long Accepted => _counts[(int)OpenResult.Ok];

    public long Dropped => _counts.Sum() - Accepted;

    internal OpenResult Count(OpenResult result)
    {
        _counts[(int)result]++;
        return result;
    }

    /// <summary>Non-zero counters as "reason=count" pairs, for logs and the admin socket.</summary>
    public override string ToString() =>
        string.Join(' ', Enum.GetValues<OpenResult>().Where(r => this[r] != 0).Select(r => $"{r}={this[r]}"));
}
