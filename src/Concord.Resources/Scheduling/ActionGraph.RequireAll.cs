using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

/// <summary>require-all="false" on an order resource set (Pacemaker's one-or-more:SET pseudo-action and
/// pe_order_one_or_more): the next set may start once any one member of the set can.</summary>
internal sealed partial class ActionGraph
{
    /// <summary>require-all=false: every member of set1 before a <c>one-or-more:SET</c> pseudo-action that is runnable once
    /// any of them is, and that pseudo-action before every member of set2 (whatever set1's <c>sequential</c>).</summary>
    private void OrderSetsOneOrMore(string set1Id, List<SchedResource> members1, string action1, List<SchedResource> members2, string action2, OrderFlags flags)
    {
        SchedAction any = OneOrMorePseudo($"one-or-more:{set1Id}");
        foreach (SchedResource r1 in members1)
        {
            _pending.Add(new PendingOrder(r1, action1, null, any.Task, OrderFlags.OneOrMore | OrderFlags.ImpliesThenPrinted, ThenAction: any));
        }
        foreach (SchedResource r2 in members2)
        {
            _pending.Add(new PendingOrder(null, any.Task, r2, action2, flags | OrderFlags.RunnableLeft, FirstAction: any));
        }
    }

    /// <summary>Pacemaker creates the one-or-more pseudo-actions while unpacking constraints, so they are older than
    /// every resource action (which matters for the order flags are updated in, and so for reasons).</summary>
    private void CreateOneOrMorePseudoActions()
    {
        foreach (OrderConstraint o in _ws.Orders)
        {
            bool symmetric = o.Kind != OrderKind.Serialize && (o.Symmetrical ?? true);
            for (int i = 1; i < o.Sets.Count; i++)
            {
                // Forward (set i-1 before set i), then the inverse with set i as the first set and inverted actions.
                if (!o.Sets[i - 1].RequireAll && (o.Sets[i - 1].Action ?? "start") is not ("stop" or "demote"))
                {
                    OneOrMorePseudo($"one-or-more:{o.Sets[i - 1].Id}");
                }
                if (symmetric && !o.Sets[i].RequireAll && Invert(o.Sets[i].Action ?? "start") is not (null or "stop" or "demote"))
                {
                    OneOrMorePseudo($"one-or-more:{o.Sets[i].Id}");
                }
            }
        }
    }

    /// <summary>get_pseudo_op: one optional, runnable pseudo-action per name, without resource or node.</summary>
    private SchedAction OneOrMorePseudo(string task)
    {
        if (_index.TryGetValue((null, task, null, 0), out SchedAction? existing))
        {
            return existing;
        }
        var a = new SchedAction(Actions.Count + 1, null, task, null, 0) { Optional = true, Pseudo = true, RequiresAny = true };
        Actions.Add(a);
        _index[(null, task, null, 0)] = a;
        return a;
    }
}
