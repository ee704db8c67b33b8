using Concord.Resources.Cib;

namespace Concord.Resources.Tests.Differential;

/// <summary>Colocations whose dependent has a role or is a clone colocated with a role: "promoted P with X"
/// (rsc-role), promoted-with-promoted, "clone with promoted P", and the same as resource sets with a role.</summary>
public sealed partial class CibGenerator
{
    private static readonly int[] RoleColocationScores = [Score.Infinity, Score.MinusInfinity, 100, -100, 500, 10, -10];

    /// <summary>Adds the role colocations, drawing from a stream of its own so the rest of the CIB stays as it was.</summary>
    private void AddRoleColocations(CibDocument cib, List<string> ids)
    {
        // The constructor's seed is not kept, and the shared streams must not be touched, so the stream is
        // seeded from the CIB drawn so far, itself a function of the seed.
        var rng = new Random(StableHash(CibWriter.Write(cib)));
        if (rng.NextDouble() >= _p.RoleColocationChance)
        {
            return;
        }
        List<string> promotable = [.. ids.Where(id => _clones.TryGetValue(id, out CloneDef? c) && c.Promotable)];
        if (promotable.Count == 0)
        {
            return;
        }
        // Cloned groups are not in _clones; as dependents of a role they are left to the other generator parts.
        List<string> plainClones = [.. ids.Where(id => _clones.TryGetValue(id, out CloneDef? c) && !c.Promotable)];
        List<string> others = [.. ids.Where(id => id != "fencing")];
        int count = rng.Next(1, 3);
        for (int i = 1; i <= count; i++)
        {
            int score = RoleColocationScores[rng.Next(RoleColocationScores.Length)];
            string p = promotable[rng.Next(promotable.Count)];
            double kind = rng.NextDouble();
            if (kind < 0.2 && plainClones.Count > 0)
            {
                // clone with (role of) promotable
                string dependent = plainClones[rng.Next(plainClones.Count)];
                cib.Colocations.Add(new ColocationConstraint
                {
                    Id = $"rolecol{i}", Rsc = dependent, WithRsc = p, Score = score, WithRscRole = rng.NextDouble() < 0.8 ? "Promoted" : "Unpromoted",
                });
                continue;
            }
            if (kind < 0.35)
            {
                cib.Colocations.Add(RoleColocationSet($"rolecolset{i}", p, others, score, rng));
                continue;
            }
            string primary = others[rng.Next(others.Count)];
            if (primary == p)
            {
                continue;
            }
            string dependentRole = rng.NextDouble() < 0.8 ? "Promoted" : "Unpromoted";
            string? primaryRole = null;
            if (promotable.Contains(primary))
            {
                double r = rng.NextDouble();
                primaryRole = r < 0.5 ? "Promoted" : r < 0.7 ? "Unpromoted" : null;
            }
            cib.Colocations.Add(new ColocationConstraint
            {
                Id = $"rolecol{i}", Rsc = p, RscRole = dependentRole, WithRsc = primary, WithRscRole = primaryRole, Score = score,
            });
        }
    }

    /// <summary>Two resource sets: the promotable clone with a role, then another resource (with a role when promotable).</summary>
    private ColocationConstraint RoleColocationSet(string id, string promotable, List<string> others, int score, Random rng)
    {
        var col = new ColocationConstraint { Id = id, Score = score };
        var dependentSet = new ResourceSet { Id = $"{id}-0", Role = rng.NextDouble() < 0.8 ? "Promoted" : "Unpromoted" };
        dependentSet.Resources.Add(promotable);
        col.Sets.Add(dependentSet);
        string primary = others[rng.Next(others.Count)];
        if (primary != promotable)
        {
            bool primaryPromotable = _clones.TryGetValue(primary, out CloneDef? c) && c.Promotable;
            var primarySet = new ResourceSet { Id = $"{id}-1", Role = primaryPromotable && rng.NextDouble() < 0.7 ? "Promoted" : null };
            primarySet.Resources.Add(primary);
            col.Sets.Add(primarySet);
        }
        return col;
    }

    /// <summary>FNV-1a: string.GetHashCode differs between processes.</summary>
    private static int StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char ch in text)
        {
            hash = (hash ^ ch) * 16777619;
        }
        return unchecked((int)hash);
    }
}
