using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal sealed partial class WorkingSet
{
    private void UnpackConstraints()
    {
        foreach (LocationConstraint l in Cib.Locations)
        {
            SchedResource? r = Find(l.Rsc);
            if (r is null)
            {
                Warnings.Add($"ignoring constraint '{l.Id}' because resource '{l.Rsc}' does not exist");
                continue;
            }
            Locations.Add((l, r));
        }
        foreach (ColocationConstraint c in Cib.Colocations)
        {
            if (c.Sets.Count > 0)
            {
                UnpackColocationSets(c);
                continue;
            }
            SchedResource? dependent = Find(c.Rsc!);
            SchedResource? primary = Find(c.WithRsc!);
            if (dependent is null || primary is null)
            {
                Warnings.Add($"ignoring constraint '{c.Id}' because resource '{(dependent is null ? c.Rsc : c.WithRsc)}' does not exist");
                continue;
            }
            AddColocation(c.Id, c.NodeAttribute, c.Score, dependent, primary, c.RscRole, c.WithRscRole, Influence(c.Influence, dependent));
        }
        foreach (OrderConstraint o in Cib.Orders)
        {
            if (o.Sets.Count > 0)
            {
                throw new CibException($"rsc_order '{o.Id}': resource sets are not supported by the scheduler yet");
            }
            if (Find(o.First!) is null || Find(o.Then!) is null)
            {
                Warnings.Add($"ignoring constraint '{o.Id}' because a resource does not exist");
                continue;
            }
            Orders.Add(o);
        }
    }

    private static bool Influence(string? text, SchedResource dependent) => text is null ? dependent.Critical : CibText.IsTrue(text);

    private void UnpackColocationSets(ColocationConstraint c)
    {
        // Pacemaker semantics (unpack_colocation_set / colocate_rsc_sets): within a sequential set each member is
        // colocated with the previous one; between sets, every member of a later set's first... see docs.
        ResourceSet? previous = null;
        foreach (ResourceSet set in c.Sets)
        {
            int score = set.Score ?? c.Score;
            if (set.Sequential)
            {
                SchedResource? last = null;
                foreach (string id in set.Resources)
                {
                    SchedResource r = Find(id) ?? throw new CibException($"rsc_colocation '{c.Id}': no resource '{id}' in set '{set.Id}'");
                    if (last is not null)
                    {
                        AddColocation(set.Id, c.NodeAttribute, score, r, last, set.Role, set.Role, Influence(c.Influence, r));
                    }
                    last = r;
                }
            }
            else if (score <= Score.MinusInfinity)
            {
                for (int i = 0; i < set.Resources.Count; i++)
                {
                    for (int j = i + 1; j < set.Resources.Count; j++)
                    {
                        SchedResource a = Find(set.Resources[i]) ?? throw new CibException($"rsc_colocation '{c.Id}': no resource '{set.Resources[i]}'");
                        SchedResource b = Find(set.Resources[j]) ?? throw new CibException($"rsc_colocation '{c.Id}': no resource '{set.Resources[j]}'");
                        AddColocation(set.Id, c.NodeAttribute, score, a, b, set.Role, set.Role, Influence(c.Influence, a));
                    }
                }
            }
            if (previous is not null)
            {
                ColocateSets(c, previous, set);
            }
            previous = set;
        }
    }

    private void ColocateSets(ColocationConstraint c, ResourceSet set1, ResourceSet set2)
    {
        // The first member of set2 with the last of set1 when both are sequential (colocate_rsc_sets).
        SchedResource? primary = set1.Sequential ? Find(set1.Resources[^1]) : null;
        SchedResource? dependent = set2.Sequential ? Find(set2.Resources[0]) : null;
        if (primary is not null && dependent is not null)
        {
            AddColocation(c.Id, c.NodeAttribute, c.Score, dependent, primary, set2.Role, set1.Role, Influence(c.Influence, dependent));
            return;
        }
        foreach (string d in dependent is not null ? [dependent.Id] : set2.Resources)
        {
            foreach (string p in primary is not null ? [primary.Id] : set1.Resources)
            {
                SchedResource dr = Find(d)!;
                AddColocation(c.Id, c.NodeAttribute, c.Score, dr, Find(p)!, set2.Role, set1.Role, Influence(c.Influence, dr));
            }
        }
    }

    internal void AddColocation(string id, string? nodeAttribute, int score, SchedResource dependent, SchedResource primary, string? dependentRole, string? primaryRole, bool influence)
    {
        if (score == 0)
        {
            return;
        }
        var c = new Colocation
        {
            Id = id,
            Dependent = dependent,
            Primary = primary,
            Score = score,
            DependentRole = dependentRole is null || dependentRole.Equals("started", StringComparison.OrdinalIgnoreCase) ? Role.Unknown : RoleText.Parse(dependentRole),
            PrimaryRole = primaryRole is null || primaryRole.Equals("started", StringComparison.OrdinalIgnoreCase) ? Role.Unknown : RoleText.Parse(primaryRole),
            NodeAttribute = nodeAttribute,
            Influence = influence,
        };
        InsertSorted(dependent.ThisWith, c, static (a, b) => ComparePriority(a.Primary, b.Primary));
        InsertSorted(primary.WithThis, c, static (a, b) => ComparePriority(a.Dependent, b.Dependent));
        Colocations.Add(c);
    }

    /// <summary>Pacemaker's cmp_primary_priority / cmp_dependent_priority on the resource each colocation names.</summary>
    private static int ComparePriority(SchedResource x, SchedResource y)
    {
        if (x.Priority != y.Priority)
        {
            return x.Priority > y.Priority ? -1 : 1;
        }
        if (x.Variant != y.Variant)
        {
            return x.Variant > y.Variant ? -1 : 1;
        }
        if (x.Variant == Variant.Clone && x.Promotable != y.Promotable)
        {
            return x.Promotable ? -1 : 1;
        }
        return string.CompareOrdinal(x.Id, y.Id);
    }

    /// <summary>g_list_insert_sorted: before the first element that is not smaller than the new one.</summary>
    private static void InsertSorted(List<Colocation> list, Colocation c, Comparison<Colocation> cmp)
    {
        int i = 0;
        while (i < list.Count && cmp(c, list[i]) > 0)
        {
            i++;
        }
        list.Insert(i, c);
    }
}
