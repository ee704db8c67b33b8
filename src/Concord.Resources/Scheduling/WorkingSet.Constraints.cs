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
                string? missing = o.Sets.SelectMany(set => set.Resources).FirstOrDefault(id => Find(id) is null);
                if (missing is not null)
                {
                    Warnings.Add($"ignoring constraint '{o.Id}' because resource '{missing}' does not exist");
                    continue;
                }
                Orders.Add(o);
                continue;
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

    /// <summary>Resource sets as Pacemaker unpacks them (unpack_colocation_set + colocate_rsc_sets).</summary>
    private void UnpackColocationSets(ColocationConstraint c)
    {
        ResourceSet? previous = null;
        foreach (ResourceSet set in c.Sets)
        {
            List<SchedResource> members = [.. set.Resources.Select(id => Find(id) ?? throw new CibException($"rsc_colocation '{c.Id}': set '{set.Id}' names resource '{id}', which does not exist"))];
            int local = set.Score ?? c.Score;
            if (local != 0 && set.Sequential)
            {
                if (local > 0)
                {
                    for (int i = 1; i < members.Count; i++)
                    {
                        AddColocation(set.Id, null, local, members[i], members[i - 1], set.Role, set.Role, Influence(c.Influence, members[i]));
                    }
                }
                else
                {
                    for (int i = 0; i < members.Count; i++)
                    {
                        for (int j = 0; j < i; j++)
                        {
                            AddColocation(set.Id, null, local, members[i], members[j], set.Role, set.Role, Influence(c.Influence, members[i]));
                        }
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
        if (c.Score == 0)
        {
            return;
        }
        SchedResource? first = set1.Sequential && set1.Resources.Count > 0 ? Find(set1.Resources[0]) : null;
        SchedResource? last = set2.Sequential && set2.Resources.Count > 0 ? Find(set2.Resources[^1]) : null;
        IEnumerable<SchedResource> dependents = first is not null ? [first] : set1.Resources.Select(id => Find(id)!);
        foreach (SchedResource d in dependents)
        {
            IEnumerable<SchedResource> primaries = last is not null ? [last] : set2.Resources.Select(id => Find(id)!);
            foreach (SchedResource p in primaries)
            {
                AddColocation(c.Id, null, c.Score, d, p, set1.Role, set2.Role, Influence(c.Influence, d));
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
