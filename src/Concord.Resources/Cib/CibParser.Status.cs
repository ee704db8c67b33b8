using System.Globalization;
using System.Xml.Linq;

namespace Concord.Resources.Cib;

public static partial class CibParser
{
    private static void ReadStatus(XElement status, CibDocument cib)
    {
        foreach (XElement ns in status.Elements())
        {
            if (ns.Name.LocalName == "tickets")
            {
                if (ns.HasElements)
                {
                    cib.Warnings.Add($"line {Line(ns)}: ticket state is ignored (tickets are not supported)");
                }
                continue;
            }
            ExpectName(ns, "node_state");
            var state = new NodeState
            {
                Id = Required(ns, "id"),
                Uname = (string?)ns.Attribute("uname") ?? Required(ns, "uname"),
                InCcm = (string?)ns.Attribute("in_ccm"),
                Crmd = (string?)ns.Attribute("crmd"),
                Join = (string?)ns.Attribute("join"),
                Expected = (string?)ns.Attribute("expected"),
            };
            foreach (XElement c in ns.Elements())
            {
                switch (c.Name.LocalName)
                {
                    case "transient_attributes":
                        foreach (XElement set in c.Elements())
                        {
                            ExpectName(set, "instance_attributes");
                            ReadNvpairs(set, state.Transient, cib);
                        }
                        break;
                    case "lrm":
                        foreach (XElement lrs in c.Elements())
                        {
                            ExpectName(lrs, "lrm_resources");
                            foreach (XElement lr in lrs.Elements())
                            {
                                ExpectName(lr, "lrm_resource");
                                state.Lrm.Add(ReadLrmResource(lr));
                            }
                        }
                        break;
                    default:
                        throw Error(c, $"unsupported element <{c.Name.LocalName}> in node_state {state.Uname}");
                }
            }
            cib.Status.Add(state);
        }
    }

    private static LrmResource ReadLrmResource(XElement lr)
    {
        var res = new LrmResource
        {
            Id = Required(lr, "id"),
            Class = (string?)lr.Attribute("class"),
            Provider = (string?)lr.Attribute("provider"),
            Type = (string?)lr.Attribute("type"),
        };
        foreach (XElement o in lr.Elements())
        {
            ExpectName(o, "lrm_rsc_op");
            string intervalText = (string?)o.Attribute("interval") ?? "0";
            if (!long.TryParse(intervalText, NumberStyles.None, CultureInfo.InvariantCulture, out long interval))
            {
                throw Error(o, $"interval=\"{intervalText}\" is not a number of milliseconds");
            }
            var op = new LrmOp
            {
                Id = Required(o, "id"),
                Operation = Required(o, "operation"),
                OperationKey = (string?)o.Attribute("operation_key"),
                CallId = (int)Long(o, "call-id"),
                Rc = (int)Long(o, "rc-code"),
                OpStatus = (int)Long(o, "op-status"),
                IntervalMs = interval,
                TransitionKey = (string?)o.Attribute("transition-key"),
                OpDigest = (string?)o.Attribute("op-digest"),
                LastRcChange = Long(o, "last-rc-change", Long(o, "last-run")),
            };
            foreach (XAttribute a in o.Attributes())
            {
                op.Extra[a.Name.LocalName] = a.Value;
            }
            res.Ops.Add(op);
        }
        return res;
    }
}
