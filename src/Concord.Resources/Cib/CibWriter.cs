using System.Globalization;
using System.Xml.Linq;

namespace Concord.Resources.Cib;

/// <summary>Writes a <see cref="CibDocument"/> back to Pacemaker CIB XML (pacemaker-3.x schema).</summary>
public static class CibWriter
{
    public static string Write(CibDocument cib) => ToXDocument(cib).ToString();

    public static XDocument ToXDocument(CibDocument cib)
    {
        var root = new XElement("cib");
        foreach (KeyValuePair<string, string> a in cib.Attributes)
        {
            root.SetAttributeValue(a.Key, a.Value);
        }
        if (!cib.Attributes.ContainsKey("validate-with"))
        {
            root.SetAttributeValue("validate-with", "pacemaker-3.9");
        }
        foreach (string a in new[] { "epoch", "num_updates", "admin_epoch" })
        {
            if (!cib.Attributes.ContainsKey(a))
            {
                root.SetAttributeValue(a, "0");
            }
        }
        var config = new XElement("configuration",
            new XElement("crm_config", Set("cluster_property_set", "cib-bootstrap-options", cib.ClusterOptions)),
            new XElement("nodes", cib.Nodes.Select(WriteNode)),
            new XElement("resources", cib.Resources.Select(WriteResource)),
            new XElement("constraints", cib.Locations.Select(WriteLocation), cib.Colocations.Select(WriteColocation), cib.Orders.Select(WriteOrder)));
        if (cib.RscDefaults.Count > 0)
        {
            config.Add(new XElement("rsc_defaults", Set("meta_attributes", "rsc-options", cib.RscDefaults)));
        }
        if (cib.OpDefaults.Count > 0)
        {
            config.Add(new XElement("op_defaults", Set("meta_attributes", "op-options", cib.OpDefaults)));
        }
        root.Add(config);
        root.Add(new XElement("status", cib.Status.Select(WriteNodeState)));
        return new XDocument(root);
    }

    private static XElement? Set(string name, string id, Dictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        return new XElement(name, new XAttribute("id", id),
            values.Select(kv => new XElement("nvpair", new XAttribute("id", $"{id}-{kv.Key}"), new XAttribute("name", kv.Key), new XAttribute("value", kv.Value))));
    }

    private static XElement WriteNode(CibNode n)
    {
        var e = new XElement("node", new XAttribute("id", n.Id), new XAttribute("uname", n.Uname));
        if (n.Type != "member")
        {
            e.SetAttributeValue("type", n.Type);
        }
        e.Add(Set("instance_attributes", $"nodes-{n.Id}", n.Attributes));
        return e;
    }

    private static XElement WriteResource(ResourceDef r) => r switch
    {
        PrimitiveDef p => WritePrimitive(p),
        GroupDef g => new XElement("group", new XAttribute("id", g.Id), Set("meta_attributes", $"{g.Id}-meta_attributes", g.Meta), g.Children.Select(WritePrimitive)),
        CloneDef c => new XElement(c.LegacyMaster ? "master" : "clone", new XAttribute("id", c.Id), Set("meta_attributes", $"{c.Id}-meta_attributes", c.Meta), WriteResource(c.Child)),
        _ => throw new ArgumentException($"unknown resource type {r.GetType().Name}", nameof(r)),
    };

    private static XElement WritePrimitive(PrimitiveDef p)
    {
        var e = new XElement("primitive", new XAttribute("id", p.Id), new XAttribute("class", p.Class));
        if (p.Provider is not null)
        {
            e.SetAttributeValue("provider", p.Provider);
        }
        e.SetAttributeValue("type", p.Type);
        e.Add(Set("instance_attributes", $"{p.Id}-instance_attributes", p.Params));
        e.Add(Set("meta_attributes", $"{p.Id}-meta_attributes", p.Meta));
        if (p.Ops.Count > 0)
        {
            e.Add(new XElement("operations", p.Ops.Select(o =>
            {
                var oe = new XElement("op", new XAttribute("id", o.Id), new XAttribute("name", o.Name));
                foreach (KeyValuePair<string, string> a in o.Attributes.Where(a => a.Key is not ("id" or "name")))
                {
                    oe.SetAttributeValue(a.Key, a.Value);
                }
                if (oe.Attribute("interval") is null)
                {
                    oe.SetAttributeValue("interval", o.IntervalMs.ToString(CultureInfo.InvariantCulture) + "ms");
                }
                return oe;
            })));
        }
        return e;
    }

    private static XElement WriteLocation(LocationConstraint l)
    {
        var e = new XElement("rsc_location", new XAttribute("id", l.Id), new XAttribute("rsc", l.Rsc));
        if (l.Role is not null)
        {
            e.SetAttributeValue("role", l.Role);
        }
        if (l.Node is not null)
        {
            e.SetAttributeValue("node", l.Node);
            e.SetAttributeValue("score", Score.Format(l.Score));
        }
        if (l.ResourceDiscovery != "always")
        {
            e.SetAttributeValue("resource-discovery", l.ResourceDiscovery);
        }
        e.Add(l.Rules.Select(WriteRule));
        return e;
    }

    private static XElement WriteRule(Rule r)
    {
        var e = new XElement("rule", new XAttribute("id", r.Id));
        if (r.ScoreAttribute is not null)
        {
            e.SetAttributeValue("score-attribute", r.ScoreAttribute);
        }
        else
        {
            e.SetAttributeValue("score", Score.Format(r.Score));
        }
        if (!r.IsAnd)
        {
            e.SetAttributeValue("boolean-op", "or");
        }
        if (r.Role is not null)
        {
            e.SetAttributeValue("role", r.Role);
        }
        int i = 0;
        foreach (Expression x in r.Expressions)
        {
            var xe = new XElement("expression", new XAttribute("id", $"{r.Id}-expr-{i++}"), new XAttribute("attribute", x.Attribute), new XAttribute("operation", x.Operation));
            if (x.Value is not null)
            {
                xe.SetAttributeValue("value", x.Value);
            }
            if (x.Type is not null)
            {
                xe.SetAttributeValue("type", x.Type);
            }
            e.Add(xe);
        }
        e.Add(r.SubRules.Select(WriteRule));
        return e;
    }

    private static XElement WriteColocation(ColocationConstraint c)
    {
        var e = new XElement("rsc_colocation", new XAttribute("id", c.Id), new XAttribute("score", Score.Format(c.Score)));
        if (c.Rsc is not null)
        {
            e.SetAttributeValue("rsc", c.Rsc);
            e.SetAttributeValue("with-rsc", c.WithRsc);
        }
        e.SetAttributeValue("rsc-role", c.RscRole);
        e.SetAttributeValue("with-rsc-role", c.WithRscRole);
        e.SetAttributeValue("node-attribute", c.NodeAttribute);
        e.SetAttributeValue("influence", c.Influence);
        e.Add(c.Sets.Select(WriteSet));
        return e;
    }

    private static XElement WriteOrder(OrderConstraint o)
    {
        var e = new XElement("rsc_order", new XAttribute("id", o.Id));
        if (o.First is not null)
        {
            e.SetAttributeValue("first", o.First);
            e.SetAttributeValue("then", o.Then);
            if (o.FirstAction != "start")
            {
                e.SetAttributeValue("first-action", o.FirstAction);
            }
            e.SetAttributeValue("then-action", o.ThenAction);
        }
        e.SetAttributeValue("kind", o.Kind.ToString());
        if (o.Symmetrical is { } sym)
        {
            e.SetAttributeValue("symmetrical", sym ? "true" : "false");
        }
        e.Add(o.Sets.Select(WriteSet));
        return e;
    }

    private static XElement WriteSet(ResourceSet s)
    {
        var e = new XElement("resource_set", new XAttribute("id", s.Id));
        if (!s.Sequential)
        {
            e.SetAttributeValue("sequential", "false");
        }
        else if (s.SequentialExplicit)
        {
            e.SetAttributeValue("sequential", "true");
        }
        if (!s.RequireAll)
        {
            e.SetAttributeValue("require-all", "false");
        }
        e.SetAttributeValue("role", s.Role);
        e.SetAttributeValue("action", s.Action);
        if (s.Score is { } score)
        {
            e.SetAttributeValue("score", Score.Format(score));
        }
        e.Add(s.Resources.Select(r => new XElement("resource_ref", new XAttribute("id", r))));
        return e;
    }

    private static XElement WriteNodeState(NodeState s)
    {
        var e = new XElement("node_state", new XAttribute("id", s.Id), new XAttribute("uname", s.Uname));
        e.SetAttributeValue("in_ccm", s.InCcm);
        e.SetAttributeValue("crmd", s.Crmd);
        e.SetAttributeValue("join", s.Join);
        e.SetAttributeValue("expected", s.Expected);
        if (s.Transient.Count > 0)
        {
            e.Add(new XElement("transient_attributes", new XAttribute("id", s.Id), Set("instance_attributes", $"status-{s.Id}", s.Transient)));
        }
        if (s.Lrm.Count > 0)
        {
            e.Add(new XElement("lrm", new XAttribute("id", s.Id), new XElement("lrm_resources", s.Lrm.Select(WriteLrmResource))));
        }
        return e;
    }

    private static XElement WriteLrmResource(LrmResource r)
    {
        var e = new XElement("lrm_resource", new XAttribute("id", r.Id));
        e.SetAttributeValue("class", r.Class);
        e.SetAttributeValue("provider", r.Provider);
        e.SetAttributeValue("type", r.Type);
        foreach (LrmOp o in r.Ops)
        {
            var oe = new XElement("lrm_rsc_op", new XAttribute("id", o.Id));
            foreach (KeyValuePair<string, string> a in o.Extra.Where(a => a.Key != "id"))
            {
                oe.SetAttributeValue(a.Key, a.Value);
            }
            oe.SetAttributeValue("operation_key", o.OperationKey ?? $"{r.Id}_{o.Operation}_{o.IntervalMs}");
            oe.SetAttributeValue("operation", o.Operation);
            oe.SetAttributeValue("transition-key", o.TransitionKey);
            oe.SetAttributeValue("call-id", o.CallId.ToString(CultureInfo.InvariantCulture));
            oe.SetAttributeValue("rc-code", o.Rc.ToString(CultureInfo.InvariantCulture));
            oe.SetAttributeValue("op-status", o.OpStatus.ToString(CultureInfo.InvariantCulture));
            oe.SetAttributeValue("interval", o.IntervalMs.ToString(CultureInfo.InvariantCulture));
            oe.SetAttributeValue("last-rc-change", o.LastRcChange.ToString(CultureInfo.InvariantCulture));
            oe.SetAttributeValue("op-digest", o.OpDigest);
            e.Add(oe);
        }
        return e;
    }
}
