using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Concord.Resources.Cib;

/// <summary>Reads Pacemaker CIB XML into a <see cref="CibDocument"/>. Unsupported elements raise
/// <see cref="CibException"/> (if they would change decisions) or add a warning naming them.</summary>
public static partial class CibParser
{
    public static CibDocument Parse(string xml)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new CibException($"not well-formed XML at line {ex.LineNumber}, column {ex.LinePosition}: {ex.Message}", ex);
        }
        return Parse(doc);
    }

    public static CibDocument Parse(XDocument doc)
    {
        XElement root = doc.Root ?? throw new CibException("empty document: expected a <cib> element");
        if (root.Name.LocalName != "cib")
        {
            throw Error(root, $"expected <cib> as the root element, found <{root.Name.LocalName}>");
        }
        var cib = new CibDocument();
        foreach (XAttribute a in root.Attributes())
        {
            cib.Attributes[a.Name.LocalName] = a.Value;
        }
        XElement config = root.Element("configuration") ?? throw Error(root, "<cib> has no <configuration> element");
        foreach (XElement section in config.Elements())
        {
            switch (section.Name.LocalName)
            {
                case "crm_config":
                    foreach (XElement set in section.Elements())
                    {
                        ExpectName(set, "cluster_property_set");
                        ReadNvpairs(set, cib.ClusterOptions, cib);
                    }
                    break;
                case "nodes":
                    ReadNodes(section, cib);
                    break;
                case "resources":
                    ReadResources(section, cib);
                    break;
                case "constraints":
                    ReadConstraints(section, cib);
                    break;
                case "rsc_defaults":
                    ReadDefaults(section, cib.RscDefaults, cib);
                    break;
                case "op_defaults":
                    ReadDefaults(section, cib.OpDefaults, cib);
                    break;
                case "fencing-topology" or "acls" or "alerts" or "tags":
                    if (section.HasElements)
                    {
                        cib.Warnings.Add($"line {Line(section)}: <{section.Name.LocalName}> is not used by the scheduler and was ignored");
                    }
                    break;
                default:
                    throw Error(section, $"unsupported configuration section <{section.Name.LocalName}>");
            }
        }
        XElement? status = root.Element("status");
        if (status is not null)
        {
            ReadStatus(status, cib);
        }
        return cib;
    }

    private static void ReadDefaults(XElement section, Dictionary<string, string> into, CibDocument cib)
    {
        foreach (XElement set in section.Elements())
        {
            ExpectName(set, "meta_attributes");
            ReadNvpairs(set, into, cib);
        }
    }

    private static void ReadNodes(XElement section, CibDocument cib)
    {
        foreach (XElement n in section.Elements())
        {
            ExpectName(n, "node");
            string type = (string?)n.Attribute("type") ?? "member";
            if (type is "remote" or "ping")
            {
                throw Error(n, $"node type '{type}' is not supported (only cluster member nodes)");
            }
            var node = new CibNode
            {
                Id = Required(n, "id"),
                Uname = (string?)n.Attribute("uname") ?? Required(n, "id"),
                Type = type,
            };
            foreach (XElement child in n.Elements())
            {
                switch (child.Name.LocalName)
                {
                    case "instance_attributes":
                        ReadNvpairs(child, node.Attributes, cib);
                        break;
                    case "utilization":
                        cib.Warnings.Add($"line {Line(child)}: node {node.Uname}: <utilization> is ignored (placement-strategy other than default is not supported)");
                        break;
                    default:
                        throw Error(child, $"unsupported element <{child.Name.LocalName}> in node {node.Uname}");
                }
            }
            cib.Nodes.Add(node);
        }
    }

    internal static void ReadNvpairs(XElement set, Dictionary<string, string> into, CibDocument cib)
    {
        if (set.Attribute("id-ref") is not null)
        {
            throw Error(set, $"<{set.Name.LocalName} id-ref=...> references are not supported");
        }
        foreach (XElement nv in set.Elements())
        {
            switch (nv.Name.LocalName)
            {
                case "nvpair":
                    if (nv.Attribute("id-ref") is not null)
                    {
                        throw Error(nv, "<nvpair id-ref=...> references are not supported");
                    }
                    into[Required(nv, "name")] = (string?)nv.Attribute("value") ?? string.Empty;
                    break;
                case "rule":
                    throw Error(nv, $"rules inside <{set.Name.LocalName}> are not supported (only in rsc_location)");
                default:
                    throw Error(nv, $"unsupported element <{nv.Name.LocalName}> in <{set.Name.LocalName}>");
            }
        }
    }

    internal static string Required(XElement e, string attribute) =>
        (string?)e.Attribute(attribute) ?? throw Error(e, $"<{e.Name.LocalName}> is missing the required attribute '{attribute}'");

    internal static int RequiredScore(XElement e, string attribute)
    {
        string text = Required(e, attribute);
        return Score.TryParse(text, out int s) ? s : throw Error(e, $"<{e.Name.LocalName}> {attribute}=\"{text}\" is not a score (an integer, INFINITY or -INFINITY)");
    }

    internal static void ExpectName(XElement e, string name)
    {
        if (e.Name.LocalName != name)
        {
            throw Error(e, $"unsupported element <{e.Name.LocalName}> (expected <{name}>)");
        }
    }

    internal static int Line(XElement e) => ((IXmlLineInfo)e).HasLineInfo() ? ((IXmlLineInfo)e).LineNumber : 0;

    internal static CibException Error(XElement e, string message) => new($"line {Line(e)}: <{e.Name.LocalName}{IdSuffix(e)}>: {message}");

    private static string IdSuffix(XElement e) => e.Attribute("id") is { } id ? $" id=\"{id.Value}\"" : string.Empty;

    internal static long Long(XElement e, string attribute, long fallback = 0) =>
        long.TryParse((string?)e.Attribute(attribute), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : fallback;
}
