using System.Globalization;
using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal sealed partial class WorkingSet
{
    /// <summary>Fail count of a resource on a node from transient attributes (fail-count-RSC#OP_INTERVAL), optionally
    /// ignoring failures older than failure-timeout.</summary>
    internal int FailCount(SchedResource rsc, SchedNode node, bool effective)
    {
        string id = rsc.Id;
        string prefix = $"fail-count-{id}#";
        string legacy = $"fail-count-{id}";
        int count = 0;
        long lastFailure = 0;
        foreach (KeyValuePair<string, string> a in node.Attributes)
        {
            if (a.Key.StartsWith(prefix, StringComparison.Ordinal) || a.Key == legacy)
            {
                count = Score.Add(count, Score.ParseOr(a.Value, 0));
            }
            else if (a.Key.StartsWith($"last-failure-{id}#", StringComparison.Ordinal) || a.Key == $"last-failure-{id}")
            {
                if (long.TryParse(a.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long t))
                {
                    lastFailure = Math.Max(lastFailure, t);
                }
            }
        }
        if (effective && count > 0 && rsc.FailureTimeoutS > 0 && lastFailure > 0 && NowEpochSeconds >= lastFailure + rsc.FailureTimeoutS)
        {
            count = 0;
        }
        return count;
    }

    /// <summary>Pacemaker's check_operation_expiry: is this history entry older than failure-timeout with no live fail count?</summary>
    private bool CheckExpiry(SchedResource rsc, SchedNode node, LrmOp op)
    {
        if (rsc.FailureTimeoutS <= 0)
        {
            return false;
        }
        bool expired = NowEpochSeconds >= op.LastRcChange + rsc.FailureTimeoutS;
        if (!expired)
        {
            return false;
        }
        int unexpired = FailCount(rsc, node, effective: true);
        if (FailCount(rsc, node, effective: false) > 0 && unexpired != 0)
        {
            return false;
        }
        return true;
    }
}
