using System.Xml.Linq;

namespace Concord.Resources.Cib;

public static partial class CibParser
{
    private static void ReadResources(XElement section, CibDocument cib)
    {
        foreach (XElement e in section.Elements())
        {
            cib.Resources.Add(ReadResource(e, cib, topLevel: true));
        }
    }

    private static ResourceDef ReadResource(XElement e, CibDocument cib, bool topLevel)
    {
        switch (e.Name.LocalName)
        {
            case "primitive":
                return ReadPrimitive(e, cib);
            case "group":
                {
                    var g = new GroupDef { Id = Required(e, "id") };
                    foreach (XElement c in e.Elements())
                    {
                        switch (c.Name.LocalName)
                        {
                            case "primitive":
                                g.Children.Add(ReadPrimitive(c, cib));
                                break;
                            case "meta_attributes":
                                ReadNvpairs(c, g.Meta, cib);
                                break;
                            case "instance_attributes":
                                ReadNvpairs(c, g.Params, cib);
                                break;
                            default:
                                throw Error(c, $"unsupported element <{c.Name.LocalName}> in group {g.Id}");
                        }
                    }
                    if (g.Children.Count == 0)
                    {
                        throw Error(e, $"group {g.Id} has no primitives");
                    }
                    return g;
                }
            case "clone" or "master":
                {
                    if (!topLevel)
                    {
                        throw Error(e, "clones must be top-level resources");
                    }
                    ResourceDef? child = null;
                    var meta = new Dictionary<string, string>(StringComparer.Ordinal);
                    var prms = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (XElement c in e.Elements())
                    {
                        switch (c.Name.LocalName)
                        {
                            case "primitive" or "group":
                                if (child is not null)
                                {
                                    throw Error(c, "a clone may contain only one resource");
                                }
                                child = ReadResource(c, cib, topLevel: false);
                                break;
                            case "meta_attributes":
                                ReadNvpairs(c, meta, cib);
                                break;
                            case "instance_attributes":
                                ReadNvpairs(c, prms, cib);
                                break;
                            default:
                                throw Error(c, $"unsupported element <{c.Name.LocalName}> in clone");
                        }
                    }
                    bool legacy = e.Name.LocalName == "master";
                    var clone = new CloneDef
                    {
                        Id = Required(e, "id"),
                        Child = child ?? throw Error(e, "clone has no primitive or group inside"),
                        LegacyMaster = legacy,
                        Promotable = legacy || (meta.TryGetValue("promotable", out string? p) && CibText.IsTrue(p)),
                    };
                    foreach (KeyValuePair<string, string> kv in meta)
                    {
                        clone.Meta[kv.Key] = kv.Value;
                    }
                    foreach (KeyValuePair<string, string> kv in prms)
                    {
                        clone.Params[kv.Key] = kv.Value;
                    }
                    return clone;
                }
            case "bundle" or "template":
                throw Error(e, $"<{e.Name.LocalName}> resources are not supported");
            default:
                throw Error(e, $"unsupported resource element <{e.Name.LocalName}>");
        }
    }

    private static PrimitiveDef ReadPrimitive(XElement e, CibDocument cib)
    {
        if (e.Attribute("template") is not null)
        {
            throw Error(e, "primitives that reference a template are not supported");
        }
        string cls = Required(e, "class");
        if (cls is not ("ocf" or "lsb" or "systemd" or "stonith" or "service"))
        {
            throw Error(e, $"resource class '{cls}' is not supported (ocf, lsb, systemd, service, stonith)");
        }
        string? provider = (string?)e.Attribute("provider");
        if (cls == "ocf" && provider is null)
        {
            throw Error(e, "ocf resources need a provider attribute");
        }
        var p = new PrimitiveDef { Id = Required(e, "id"), Class = cls, Provider = provider, Type = Required(e, "type") };
        foreach (XElement c in e.Elements())
        {
            switch (c.Name.LocalName)
            {
                case "meta_attributes":
                    ReadNvpairs(c, p.Meta, cib);
                    break;
                case "instance_attributes":
                    ReadNvpairs(c, p.Params, cib);
                    break;
                case "operations":
                    foreach (XElement op in c.Elements())
                    {
                        ExpectName(op, "op");
                        p.Ops.Add(ReadOp(op, cib));
                    }
                    break;
                case "utilization":
                    cib.Warnings.Add($"line {Line(c)}: resource {p.Id}: <utilization> is ignored (placement-strategy other than default is not supported)");
                    break;
                default:
                    throw Error(c, $"unsupported element <{c.Name.LocalName}> in primitive {p.Id}");
            }
        }
        return p;
    }

    private static OpDef ReadOp(XElement op, CibDocument cib)
    {
        string intervalText = Required(op, "interval");
        if (!Interval.TryParseMs(intervalText, out long ms))
        {
            throw Error(op, $"interval=\"{intervalText}\" is not a valid interval (e.g. 10s, 1min, 500ms)");
        }
        var def = new OpDef { Id = Required(op, "id"), Name = Required(op, "name"), IntervalMs = ms, Role = (string?)op.Attribute("role") };
        foreach (XAttribute a in op.Attributes())
        {
            def.Attributes[a.Name.LocalName] = a.Value;
        }
        foreach (XElement c in op.Elements())
        {
            switch (c.Name.LocalName)
            {
                case "meta_attributes":
                    ReadNvpairs(c, def.Attributes, cib);
                    break;
                case "instance_attributes":
                    cib.Warnings.Add($"line {Line(c)}: op {def.Id}: <instance_attributes> on operations are ignored");
                    break;
                default:
                    throw Error(c, $"unsupported element <{c.Name.LocalName}> in op {def.Id}");
            }
        }
        return def;
    }
}
