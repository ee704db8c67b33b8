using System.Globalization;
using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal sealed partial class WorkingSet
{
    /// <summary>Fail count of a resource on a node from transient attributes (fail-count-RSC#OP_INTERVAL), optionally
    /// ignoring failures older than failure-timeout.</summary>
    internal int FailCount(SchedResource rsc, SchedNode node, bool effective, LrmOp? op = null)
    {
        string name = rsc.Unique ? rsc.Id : rsc.BaseId;
        bool legacy = CompareVersion(Cib.Attributes.GetValueOrDefault("crm_feature_set") ?? "3.16.2", "3.0.13") < 0;
        int count = 0;
        long lastFailure = 0;
        if (!FailAttributesByName(node).TryGetValue(name, out List<KeyValuePair<string, string>>? candidates))
        {
            return 0;
        }
        foreach (KeyValuePair<string, string> a in candidates)
        {
            if (MatchesFailAttribute(a.Key, "fail-count-", name, !rsc.Unique, legacy))
            {
                count = Score.Add(count, Score.ParseOr(a.Value, 0));
            }
            else if (MatchesFailAttribute(a.Key, "last-failure-", name, !rsc.Unique, legacy)
                && long.TryParse(a.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long t))
            {
                lastFailure = Math.Max(lastFailure, t);
            }
        }
        if (effective && count > 0 && rsc.FailureTimeoutS > 0 && lastFailure > 0 && NowEpochSeconds > lastFailure + rsc.FailureTimeoutS
            && !BlockFailure(rsc, node, op))
        {
            count = 0;
        }
        return count;
    }

    /// <summary>Pacemaker's block_failure: failures of an operation configured with on-fail=block never expire.
    /// Like Pacemaker, only an explicit on-fail="block" on the resource's own op counts.</summary>
    private bool BlockFailure(SchedResource rsc, SchedNode node, LrmOp? op)
    {
        List<OpDef> blocking = rsc.Primitive?.Ops.Where(o => o.Attributes.GetValueOrDefault("on-fail") == "block").ToList() ?? [];
        if (blocking.Count == 0)
        {
            return false;
        }
        string name = rsc.BaseId.Length > 0 ? rsc.BaseId : rsc.Id;
        IEnumerable<LrmOp> candidates = op is not null
            ? [op]
            : _histories.Where(h => h.Node == node && h.Entry.Id == name).SelectMany(h => h.Entry.Ops);
        foreach (LrmOp lrm in candidates)
        {
            foreach (OpDef conf in blocking)
            {
                if (conf.Name != lrm.Operation || conf.IntervalMs != lrm.IntervalMs)
                {
                    continue;
                }
                if (lrm.Id == $"{name}_last_failure_0" || (lrm.Id == $"{name}_{conf.Name}_{conf.IntervalMs}" && lrm.Rc != lrm.TargetRc))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private readonly Dictionary<SchedNode, Dictionary<string, List<KeyValuePair<string, string>>>> _failAttributes = [];

    /// <summary>fail-count-*/last-failure-* attributes of a node, indexed by resource name without instance number.</summary>
    private Dictionary<string, List<KeyValuePair<string, string>>> FailAttributesByName(SchedNode node)
    {
        if (_failAttributes.TryGetValue(node, out var index))
        {
            return index;
        }
        index = new Dictionary<string, List<KeyValuePair<string, string>>>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> a in node.Attributes)
        {
            string? rest = a.Key.StartsWith("fail-count-", StringComparison.Ordinal) ? a.Key["fail-count-".Length..]
                : a.Key.StartsWith("last-failure-", StringComparison.Ordinal) ? a.Key["last-failure-".Length..] : null;
            if (rest is null)
            {
                continue;
            }
            int hash = rest.IndexOf('#', StringComparison.Ordinal);
            string name = hash >= 0 ? rest[..hash] : rest;
            foreach (string key in NameKeys(name))
            {
                if (!index.TryGetValue(key, out var list))
                {
                    list = [];
                    index[key] = list;
                }
                list.Add(a);
            }
        }
        _failAttributes[node] = index;
        return index;
    }

    private static IEnumerable<string> NameKeys(string name)
    {
        yield return name;
        int colon = name.LastIndexOf(':');
        if (colon > 0 && colon < name.Length - 1 && name.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            yield return name[..colon];
        }
    }

    /// <summary>Pacemaker's fail-count attribute pattern: ^PREFIX-NAME(:[0-9]+)?#.+_[0-9]+$ (instance part only for anonymous clones).</summary>
    internal static bool MatchesFailAttribute(string key, string prefix, string name, bool anyInstance, bool legacy)
    {
        if (!key.StartsWith(prefix, StringComparison.Ordinal) || !key.AsSpan(prefix.Length).StartsWith(name, StringComparison.Ordinal))
        {
            return false;
        }
        ReadOnlySpan<char> rest = key.AsSpan(prefix.Length + name.Length);
        if (anyInstance && rest.Length > 1 && rest[0] == ':' && char.IsAsciiDigit(rest[1]))
        {
            int i = 1;
            while (i < rest.Length && char.IsAsciiDigit(rest[i]))
            {
                i++;
            }
            ReadOnlySpan<char> afterInstance = rest[i..];
            if (OpPartMatches(afterInstance, legacy))
            {
                return true;
            }
        }
        return OpPartMatches(rest, legacy);
    }

    private static bool OpPartMatches(ReadOnlySpan<char> rest, bool legacy)
    {
        if (legacy)
        {
            return rest.IsEmpty;
        }
        // "#.+_[0-9]+" anchored at the end.
        if (rest.Length < 4 || rest[0] != '#')
        {
            return false;
        }
        int end = rest.Length;
        int digits = end;
        while (digits > 1 && char.IsAsciiDigit(rest[digits - 1]))
        {
            digits--;
        }
        return digits < end && digits >= 3 && rest[digits - 1] == '_';
    }

    private static int CompareVersion(string a, string b)
    {
        string[] pa = a.Split('.');
        string[] pb = b.Split('.');
        for (int i = 0; i < Math.Max(pa.Length, pb.Length); i++)
        {
            int x = i < pa.Length && int.TryParse(pa[i], CultureInfo.InvariantCulture, out int vx) ? vx : 0;
            int y = i < pb.Length && int.TryParse(pb[i], CultureInfo.InvariantCulture, out int vy) ? vy : 0;
            if (x != y)
            {
                return x.CompareTo(y);
            }
        }
        return 0;
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
        int unexpired = FailCount(rsc, node, effective: true, op);
        if (FailCount(rsc, node, effective: false) > 0 && unexpired != 0)
        {
            return false;
        }
        return true;
    }
}
