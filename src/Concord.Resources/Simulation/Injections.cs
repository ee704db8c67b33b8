using System.Globalization;
using System.Text.RegularExpressions;
using Concord.Resources.Cib;

namespace Concord.Resources.Simulation;

/// <summary>"What if" events applied to a CIB's status section before scheduling, as crm_simulate's
/// --node-up, --node-down, --node-fail and --op-inject do.</summary>
public sealed partial class Injections
{
    public List<string> NodeUp { get; } = [];
    public List<string> NodeDown { get; } = [];
    public List<string> NodeFail { get; } = [];
    /// <summary>Operation results in crm_simulate's OPSPEC form: RSC_TASK_INTERVALMS@NODE=RC.</summary>
    public List<string> OpResults { get; } = [];

    public bool IsEmpty => NodeUp.Count + NodeDown.Count + NodeFail.Count + OpResults.Count == 0;

    /// <summary>Parses an OPSPEC (e.g. db_monitor_10000@node2=7); null and a message if it is malformed.</summary>
    public static (string Rsc, string Task, long IntervalMs, string Node, int Rc)? ParseOpSpec(string spec, out string? error)
    {
        error = null;
        Match m = OpSpec().Match(spec);
        if (!m.Success)
        {
            error = $"'{spec}' is not an operation spec of the form RESOURCE_TASK_INTERVALMS@NODE=RC (e.g. db_monitor_10000@node2=7)";
            return null;
        }
        return (m.Groups[1].Value, m.Groups[2].Value, long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), m.Groups[4].Value,
            int.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(.+)_([a-z_-]+?)_(\d+)@([^=]+)=(\d+)$")]
    private static partial Regex OpSpec();

    /// <summary>Applies the events to <paramref name="cib"/> in place. Throws <see cref="CibException"/> naming what is wrong.</summary>
    public void Apply(CibDocument cib, long nowEpochSeconds)
    {
        foreach (string n in NodeUp)
        {
            NodeState s = StateFor(cib, n);
            (s.InCcm, s.Crmd, s.Join, s.Expected) = ("true", "online", "member", "member");
        }
        foreach (string n in NodeDown)
        {
            NodeState s = StateFor(cib, n);
            (s.InCcm, s.Crmd, s.Join, s.Expected) = ("false", "offline", "down", "down");
            s.Lrm.Clear();
            s.Transient.Clear();
        }
        foreach (string n in NodeFail)
        {
            NodeState s = StateFor(cib, n);
            (s.InCcm, s.Crmd, s.Join, s.Expected) = ("false", "online", "member", "member");
        }
        foreach (string spec in OpResults)
        {
            InjectOp(cib, spec, nowEpochSeconds);
        }
    }

    private static NodeState StateFor(CibDocument cib, string name)
    {
        CibNode node = cib.Nodes.FirstOrDefault(n => n.Uname == name)
            ?? throw new CibException($"node '{name}' is not in the CIB (known nodes: {string.Join(", ", cib.Nodes.Select(n => n.Uname))})");
        NodeState? s = cib.Status.FirstOrDefault(x => x.Uname == name || x.Id == node.Id);
        if (s is null)
        {
            s = new NodeState { Id = node.Id, Uname = node.Uname };
            cib.Status.Add(s);
        }
        return s;
    }

    private static void InjectOp(CibDocument cib, string spec, long now)
    {
        if (ParseOpSpec(spec, out string? error) is not { } op)
        {
            throw new CibException(error!);
        }
        PrimitiveDef def = FindPrimitive(cib.Resources, op.Rsc)
            ?? throw new CibException($"--op-fail {spec}: no primitive resource named '{op.Rsc}'");
        NodeState s = StateFor(cib, op.Node);
        if (op.Rc != 0 && !(op.Rc == 7 && op.IntervalMs == 0))
        {
            string fc = $"fail-count-{op.Rsc}#{op.Task}_{op.IntervalMs}";
            int current = Score.ParseOr(s.Transient.GetValueOrDefault(fc), 0);
            s.Transient[fc] = Score.Format(Score.Add(current, 1));
            s.Transient[$"last-failure-{op.Rsc}#{op.Task}_{op.IntervalMs}"] = now.ToString(CultureInfo.InvariantCulture);
        }
        LrmResource? lr = s.Lrm.FirstOrDefault(r => r.Id == op.Rsc);
        if (lr is null)
        {
            lr = new LrmResource { Id = op.Rsc, Class = def.Class, Provider = def.Provider, Type = def.Type };
            s.Lrm.Add(lr);
        }
        int callId = cib.Status.SelectMany(x => x.Lrm).SelectMany(r => r.Ops).Select(o => o.CallId).DefaultIfEmpty(0).Max() + 1;
        string id = op.IntervalMs > 0 ? $"{op.Rsc}_{op.Task}_{op.IntervalMs}" : op.Rc != 0 ? $"{op.Rsc}_last_failure_0" : $"{op.Rsc}_last_0";
        lr.Ops.RemoveAll(o => o.Id == id);
        string key = $"{callId}:0:0:concord-simulate";
        var lrmOp = new LrmOp
        {
            Id = id,
            Operation = op.Task,
            OperationKey = $"{op.Rsc}_{op.Task}_{op.IntervalMs}",
            CallId = callId,
            Rc = op.Rc,
            OpStatus = 0,
            IntervalMs = op.IntervalMs,
            TransitionKey = key,
            LastRcChange = now,
            OpDigest = OpDigest.Compute(def, op.IntervalMs, cib.OpDefaults),
        };
        lrmOp.Extra["transition-magic"] = $"0:{op.Rc};{key}";
        lr.Ops.Add(lrmOp);
    }

    private static PrimitiveDef? FindPrimitive(IEnumerable<ResourceDef> resources, string id)
    {
        foreach (ResourceDef r in resources)
        {
            switch (r)
            {
                case PrimitiveDef p when p.Id == id:
                    return p;
                case GroupDef g when g.Children.FirstOrDefault(c => c.Id == id) is { } c:
                    return c;
                case CloneDef c when FindPrimitive([c.Child], id) is { } inner:
                    return inner;
            }
        }
        return null;
    }
}
