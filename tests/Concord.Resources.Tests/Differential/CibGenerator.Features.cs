using System.Globalization;
using Concord.Resources.Cib;

namespace Concord.Resources.Tests.Differential;

/// <summary>Features added on top of the base generator. They draw from their own random stream
/// (<see cref="_featRng"/>), so a seed's CIB differs only by what these add.</summary>
public sealed partial class CibGenerator
{
    private static readonly string[] MultipleActiveModes = ["stop_start", "stop_only", "block", "stop_unexpected"];
    private static readonly int[] SetColocationScores = [Score.Infinity, Score.MinusInfinity, 100, -100];

    private readonly HashSet<string> _clonedGroups = new(StringComparer.Ordinal);

    private bool FeatChance(double p) => p > 0 && _featRng.NextDouble() < p;

    private T FeatPick<T>(IReadOnlyList<T> items) => items[_featRng.Next(items.Count)];

    /// <summary>Wraps some groups in an anonymous clone, before constraints name them.</summary>
    private void CloneSomeGroups(CibDocument cib, int nodeCount)
    {
        for (int i = 0; i < cib.Resources.Count; i++)
        {
            if (cib.Resources[i] is not GroupDef g || !FeatChance(_p.ClonedGroupChance))
            {
                continue;
            }
            var clone = new CloneDef { Id = $"{g.Id}-clone", Child = g };
            if (FeatChance(0.3))
            {
                clone.Meta["clone-max"] = _featRng.Next(1, nodeCount + 1).ToString(CultureInfo.InvariantCulture);
            }
            cib.Resources[i] = clone;
            _clonedGroups.Add(clone.Id);
        }
    }

    /// <summary>A role-based colocation with a clone as dependent is not supported: drop the role for cloned groups.</summary>
    private void DropRolesOfClonedGroupDependents(CibDocument cib)
    {
        for (int i = 0; i < cib.Colocations.Count; i++)
        {
            ColocationConstraint c = cib.Colocations[i];
            if (c.Rsc is not null && _clonedGroups.Contains(c.Rsc) && (c.WithRscRole is not null || c.RscRole is not null))
            {
                cib.Colocations[i] = new ColocationConstraint { Id = c.Id, Rsc = c.Rsc, WithRsc = c.WithRsc, Score = c.Score };
            }
        }
    }

    /// <summary>Meta attributes multiple-active, requires and maintenance on top-level resources.</summary>
    private void AddFeatureMeta(CibDocument cib, bool stonith)
    {
        foreach (ResourceDef r in cib.Resources)
        {
            bool isFence = r is PrimitiveDef { Class: "stonith" };
            if (FeatChance(_p.MultipleActiveMetaChance))
            {
                r.Meta["multiple-active"] = FeatPick(MultipleActiveModes);
            }
            if (FeatChance(_p.RequiresChance))
            {
                // Unfencing ("Fence (on)" actions) is not implemented: "unfencing" only without fencing, where it means quorum.
                string[] values = stonith ? ["nothing", "quorum", "fencing"] : ["nothing", "quorum", "fencing", "unfencing"];
                r.Meta["requires"] = FeatPick(values);
            }
            if (!isFence && FeatChance(_p.ResourceMaintenanceChance))
            {
                r.Meta["maintenance"] = "true";
            }
        }
    }

    /// <summary>Cluster options maintenance-mode and stop-all-resources; node attribute maintenance.</summary>
    private void AddFeatureOptions(CibDocument cib, List<CibNode> nodes)
    {
        if (FeatChance(_p.MaintenanceModeChance))
        {
            cib.ClusterOptions["maintenance-mode"] = "true";
        }
        if (FeatChance(_p.StopAllChance))
        {
            cib.ClusterOptions["stop-all-resources"] = "true";
        }
        foreach (CibNode n in nodes)
        {
            if (FeatChance(_p.NodeMaintenanceChance))
            {
                n.Attributes["maintenance"] = "true";
            }
        }
    }

    /// <summary>A partition without quorum whose policy is suicide (fences every node of the partition).</summary>
    private void AddSuicide(CibDocument cib)
    {
        if (FeatChance(_p.SuicideChance))
        {
            cib.Attributes["have-quorum"] = "0";
            cib.ClusterOptions["no-quorum-policy"] = "suicide";
            // Without no-quorum-panic a partition that never had quorum only stops its resources.
            if (FeatChance(0.7))
            {
                cib.Attributes["no-quorum-panic"] = "1";
            }
        }
    }

    /// <summary>One rsc_colocation with 1–2 resource sets of distinct top-level resources.</summary>
    private void AddColocationSet(CibDocument cib, List<string> ids)
    {
        List<string> pool = [.. ids.Where(id => id != "fencing")];
        if (pool.Count < 2 || !FeatChance(_p.ColocationSetChance))
        {
            return;
        }
        var col = new ColocationConstraint { Id = "colset", Score = FeatPick(SetColocationScores) };
        int sets = _featRng.Next(1, 3);
        for (int i = 0; i < sets && pool.Count > 0; i++)
        {
            int n = Math.Min(pool.Count, _featRng.Next(i == 0 && sets == 1 ? 2 : 1, 4));
            double seq = _featRng.NextDouble();
            var set = new ResourceSet { Id = $"colset-{i}", Sequential = seq >= 0.3, SequentialExplicit = seq >= 0.65 };
            for (int j = 0; j < n; j++)
            {
                int k = _featRng.Next(pool.Count);
                set.Resources.Add(pool[k]);
                pool.RemoveAt(k);
            }
            col.Sets.Add(set);
        }
        cib.Colocations.Add(col);
    }

    /// <summary>Status additions: a primitive recorded active on 2+ nodes, and instances of cloned groups.</summary>
    private void AddFeatureStatus(CibDocument cib)
    {
        List<NodeState> online = [.. cib.Status.Where(s => s.Crmd == "online")];
        if (online.Count >= 2 && FeatChance(_p.MultiplyActiveChance))
        {
            List<PrimitiveDef> candidates = [.. cib.Resources.OfType<PrimitiveDef>().Where(p => p.Class != "stonith")];
            if (candidates.Count > 0)
            {
                PrimitiveDef p = FeatPick(candidates);
                int extra = _featRng.Next(1, 3);
                foreach (NodeState s in online.Where(s => !IsActiveOn(s, p.Id)).OrderBy(_ => _featRng.Next()).Take(extra).ToList())
                {
                    AddRunning(s, p);
                }
                if (FeatChance(0.8))
                {
                    p.Meta["multiple-active"] = FeatPick(MultipleActiveModes);
                }
            }
        }
        foreach (CloneDef clone in cib.Resources.OfType<CloneDef>().Where(c => _clonedGroups.Contains(c.Id)))
        {
            var g = (GroupDef)clone.Child;
            foreach (NodeState s in online)
            {
                if (!FeatChance(0.5))
                {
                    continue;
                }
                // An instance of the group: a prefix of its members running (usually all of them).
                int running = FeatChance(0.8) ? g.Children.Count : _featRng.Next(1, g.Children.Count + 1);
                foreach (PrimitiveDef m in g.Children.Take(running).Where(m => !IsActiveOn(s, m.Id)))
                {
                    AddRunning(s, m);
                }
            }
        }
    }

    private static bool IsActiveOn(NodeState s, string rscId) =>
        s.Lrm.FirstOrDefault(r => r.Id == rscId) is { } lr && lr.Ops.Any(o => o.Operation is "start" or "promote" || (o.Operation == "monitor" && o.Rc is 0 or 8));

    private void AddRunning(NodeState s, PrimitiveDef p)
    {
        AddOp(s, p, "start", 0, 0, 0);
        OpDef? monitor = p.Ops.FirstOrDefault(o => o.Name == "monitor" && o.IntervalMs > 0);
        if (monitor is not null)
        {
            AddOp(s, p, "monitor", monitor.IntervalMs, 0, 0);
        }
    }
}
