using System.Globalization;
using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal sealed partial class WorkingSet
{
    private void UnpackClone(SchedResource r, CloneDef def)
    {
        Dictionary<string, string> m = r.Meta;
        r.CloneMax = m.GetValueOrDefault("clone-max") is { } cm ? MinInt(cm, 0) : Math.Max(1, Nodes.Count);
        r.CloneNodeMax = m.GetValueOrDefault("clone-node-max") is { } cnm ? MinInt(cnm, 0) : 1;
        if (!r.Unique && r.CloneNodeMax > 1)
        {
            Warnings.Add($"ignoring clone-node-max for {r.Id} because anonymous clones support only one instance per node");
            r.CloneNodeMax = 1;
        }
        if (def.Promotable)
        {
            r.PromotedMax = (m.GetValueOrDefault("promoted-max") ?? m.GetValueOrDefault("master-max")) is { } pm ? MinInt(pm, 0) : 1;
            r.PromotedNodeMax = (m.GetValueOrDefault("promoted-node-max") ?? m.GetValueOrDefault("master-node-max")) is { } pnm ? MinInt(pnm, 0) : 1;
        }
        IEnumerable<PrimitiveDef> prims = def.Child is GroupDef gd ? gd.Children : [(PrimitiveDef)def.Child];
        if (prims.Any(p => p.Class != "ocf"))
        {
            if (def.Promotable)
            {
                throw new CibException($"resource {r.Id}: only OCF resource agents can be promotable clones");
            }
            if (r.Unique)
            {
                // Only OCF agents support globally-unique clones; Pacemaker converts the rest to anonymous.
                Warnings.Add($"ignoring globally-unique for {r.Id} because only OCF agents can be unique clones");
                r.Unique = false;
                m["globally-unique"] = "false";
                r.CloneNodeMax = 1;
                r.CloneMax = Math.Min(r.CloneMax, Nodes.Count);
            }
        }
        r.Interleave = CibText.IsTrue(m.GetValueOrDefault("interleave"));
        r.Ordered = CibText.IsTrue(m.GetValueOrDefault("ordered"));
        r.Notify = CibText.IsTrue(m.GetValueOrDefault("notify"));
        r.Counts = new int[Nodes.Count];
        for (int i = 0; i < r.CloneMax; i++)
        {
            r.Children.Add(Unpack(def.Child, r, $"{def.Child.Id}:{i}", i));
        }
    }

    private static int MinInt(string text, int min) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? Math.Max(v, min) : min;

    internal static SchedResource Top(SchedResource r)
    {
        while (r.Parent is not null)
        {
            r = r.Parent;
        }
        return r;
    }

    /// <summary>Map a status entry to a resource, choosing an anonymous clone instance as Pacemaker does
    /// (unpack_find_resource / find_anonymous_clone).</summary>
    private SchedResource? FindForHistory(SchedNode node, string id)
    {
        SchedResource? rsc = Find(id);
        if (rsc is null)
        {
            SchedResource? zero = Find(id + ":0");
            if (zero is { Unique: false })
            {
                rsc = zero;
            }
        }
        else if (rsc.Variant != Variant.Primitive)
        {
            return null;
        }
        if (rsc is null)
        {
            return null;
        }
        SchedResource top = Top(rsc);
        if (top.Variant == Variant.Clone && !rsc.Unique)
        {
            string baseId = id.Contains(':', StringComparison.Ordinal) ? id[..id.IndexOf(':', StringComparison.Ordinal)] : id;
            return FindAnonymousInstance(top, node, baseId);
        }
        return rsc;
    }

    private SchedResource FindAnonymousInstance(SchedResource clone, SchedNode node, string baseId)
    {
        SchedResource? found = null;
        SchedResource? inactive = null;
        bool skipInactive = false;
        foreach (SchedResource child in clone.Children)
        {
            List<SchedNode> locations = ActiveLocations(child);
            if (locations.Count > 0)
            {
                if (locations[0] == node && FindInInstance(child, baseId) is { } r)
                {
                    if (r.RunningOn.Count > 0)
                    {
                        skipInactive = true;
                    }
                    else
                    {
                        found = r;
                    }
                }
            }
            else if (!skipInactive && inactive is null && !child.Blocked)
            {
                inactive = FindInInstance(child, baseId);
            }
            if (found is not null)
            {
                break;
            }
        }
        if (found is null && !skipInactive)
        {
            found = inactive;
        }
        // History on a lost node of a resource that does not require fencing must not use up an instance number
        // (unless there is an instance for every node): it belongs to an orphan, so an instance can start elsewhere.
        if (found is not null && found.Requires != "fencing" && (!node.Online || node.Unclean) && clone.CloneMax != Nodes.Count)
        {
            found = null;
        }
        return found ?? CreateAnonymousOrphan(clone, baseId);
    }

    /// <summary>Pacemaker's location(current): the nodes the members are active on, in member order. Not the
    /// instance's own running list, which omits offline nodes of unmanaged members.</summary>
    private static List<SchedNode> ActiveLocations(SchedResource r)
    {
        if (r.Children.Count == 0)
        {
            return r.RunningOn;
        }
        var result = new List<SchedNode>();
        foreach (SchedNode n in r.Children.SelectMany(ActiveLocations))
        {
            if (!result.Contains(n))
            {
                result.Add(n);
            }
        }
        return result;
    }

    private static SchedResource? FindInInstance(SchedResource instance, string baseId)
    {
        if (instance.Variant == Variant.Primitive)
        {
            return instance.BaseId == baseId ? instance : null;
        }
        return instance.Children.FirstOrDefault(c => c.BaseId == baseId);
    }

    private SchedResource CreateAnonymousOrphan(SchedResource clone, string baseId)
    {
        int n = clone.Children.Count;
        var def = ((CloneDef)clone.Def).Child;
        SchedResource instance = Unpack(def, clone, $"{def.Id}:{n}", n);
        MarkOrphan(instance);
        clone.Children.Add(instance);
        return FindInInstance(instance, baseId) ?? instance;
    }

    /// <summary>Clone orphans keep normal scores; assignment bans them (can_run_instance), not unpacking.</summary>
    private static void MarkOrphan(SchedResource r)
    {
        r.Orphan = true;
        foreach (SchedResource c in r.Children)
        {
            MarkOrphan(c);
        }
    }
}
