using System.Xml.Linq;

namespace Concord.Resources.Cib;

public static partial class CibParser
{
    private static void ReadConstraints(XElement section, CibDocument cib)
    {
        foreach (XElement c in section.Elements())
        {
            switch (c.Name.LocalName)
            {
                case "rsc_location":
                    cib.Locations.Add(ReadLocation(c));
                    break;
                case "rsc_colocation":
                    cib.Colocations.Add(ReadColocation(c));
                    break;
                case "rsc_order":
                    cib.Orders.Add(ReadOrder(c));
                    break;
                default:
                    throw Error(c, $"unsupported constraint <{c.Name.LocalName}>");
            }
        }
    }

    private static LocationConstraint ReadLocation(XElement c)
    {
        if (c.Attribute("rsc-pattern") is not null)
        {
            throw Error(c, "rsc-pattern is not supported; name the resource with rsc=");
        }
        if (c.Element("resource_set") is not null)
        {
            throw Error(c, "resource sets in rsc_location are not supported");
        }
        string? node = (string?)c.Attribute("node");
        var loc = new LocationConstraint
        {
            Id = Required(c, "id"),
            Rsc = Required(c, "rsc"),
            Node = node,
            Score = node is null ? 0 : RequiredScore(c, "score"),
            Role = (string?)c.Attribute("role"),
            ResourceDiscovery = (string?)c.Attribute("resource-discovery") ?? "always",
        };
        foreach (XElement r in c.Elements())
        {
            ExpectName(r, "rule");
            loc.Rules.Add(ReadRule(r));
        }
        if (node is null && loc.Rules.Count == 0)
        {
            throw Error(c, "rsc_location needs either node= and score= or at least one <rule>");
        }
        return loc;
    }

    private static Rule ReadRule(XElement r)
    {
        if (r.Attribute("id-ref") is not null)
        {
            throw Error(r, "<rule id-ref=...> references are not supported");
        }
        string? scoreText = (string?)r.Attribute("score");
        int score = 0;
        if (scoreText is not null && !Score.TryParse(scoreText, out score))
        {
            throw Error(r, $"score=\"{scoreText}\" is not a score");
        }
        string op = (string?)r.Attribute("boolean-op") ?? "and";
        if (op is not ("and" or "or"))
        {
            throw Error(r, $"boolean-op=\"{op}\" is not 'and' or 'or'");
        }
        var rule = new Rule { Id = Required(r, "id"), Score = score, ScoreAttribute = (string?)r.Attribute("score-attribute"), IsAnd = op == "and", Role = (string?)r.Attribute("role") };
        foreach (XElement e in r.Elements())
        {
            switch (e.Name.LocalName)
            {
                case "expression":
                    {
                        string operation = Required(e, "operation");
                        if (operation is not ("lt" or "gt" or "lte" or "gte" or "eq" or "ne" or "defined" or "not_defined"))
                        {
                            throw Error(e, $"operation=\"{operation}\" is not one of lt, gt, lte, gte, eq, ne, defined, not_defined");
                        }
                        if (e.Attribute("value-source") is { } vs && vs.Value != "literal")
                        {
                            throw Error(e, $"value-source=\"{vs.Value}\" is not supported");
                        }
                        rule.Expressions.Add(new Expression { Attribute = Required(e, "attribute"), Operation = operation, Value = (string?)e.Attribute("value"), Type = (string?)e.Attribute("type") });
                        break;
                    }
                case "rule":
                    rule.SubRules.Add(ReadRule(e));
                    break;
                default:
                    throw Error(e, $"<{e.Name.LocalName}> in rules is not supported (node attribute expressions only)");
            }
        }
        return rule;
    }

    private static ColocationConstraint ReadColocation(XElement c)
    {
        string? dependent = (string?)c.Attribute("rsc");
        var coloc = new ColocationConstraint
        {
            Id = Required(c, "id"),
            Rsc = dependent,
            WithRsc = dependent is null ? null : Required(c, "with-rsc"),
            Score = RequiredScore(c, "score"),
            RscRole = (string?)c.Attribute("rsc-role"),
            WithRscRole = (string?)c.Attribute("with-rsc-role"),
            NodeAttribute = (string?)c.Attribute("node-attribute"),
            Influence = (string?)c.Attribute("influence"),
        };
        ReadSets(c, coloc.Sets);
        if (dependent is null && coloc.Sets.Count == 0)
        {
            throw Error(c, "rsc_colocation needs rsc= and with-rsc= or resource sets");
        }
        return coloc;
    }

    private static OrderConstraint ReadOrder(XElement c)
    {
        string? first = (string?)c.Attribute("first");
        string kindText = (string?)c.Attribute("kind") ?? ((c.Attribute("score") is { } s && s.Value is "0") ? "Optional" : "Mandatory");
        OrderKind kind = kindText switch
        {
            "Mandatory" => OrderKind.Mandatory,
            "Optional" => OrderKind.Optional,
            "Serialize" => OrderKind.Serialize,
            _ => throw Error(c, $"kind=\"{kindText}\" is not Mandatory, Optional or Serialize"),
        };
        string? sym = (string?)c.Attribute("symmetrical");
        var order = new OrderConstraint
        {
            Id = Required(c, "id"),
            First = first,
            Then = first is null ? null : Required(c, "then"),
            FirstAction = (string?)c.Attribute("first-action") ?? "start",
            ThenAction = (string?)c.Attribute("then-action"),
            Kind = kind,
            Symmetrical = sym is null ? null : CibText.IsTrue(sym),
        };
        ReadSets(c, order.Sets);
        if (first is null && order.Sets.Count == 0)
        {
            throw Error(c, "rsc_order needs first= and then= or resource sets");
        }
        return order;
    }

    private static void ReadSets(XElement c, List<ResourceSet> sets)
    {
        foreach (XElement s in c.Elements())
        {
            ExpectName(s, "resource_set");
            string? scoreText = (string?)s.Attribute("score");
            var set = new ResourceSet
            {
                Id = Required(s, "id"),
                Sequential = (string?)s.Attribute("sequential") is not { } seq || CibText.IsTrue(seq),
                SequentialExplicit = (string?)s.Attribute("sequential") is { } seqx && CibText.IsTrue(seqx),
                RequireAll = (string?)s.Attribute("require-all") is not { } ra || CibText.IsTrue(ra),
                Role = (string?)s.Attribute("role"),
                Action = (string?)s.Attribute("action"),
                Score = scoreText is null ? null : Score.ParseOr(scoreText, 0),
            };
            foreach (XElement r in s.Elements())
            {
                ExpectName(r, "resource_ref");
                set.Resources.Add(Required(r, "id"));
            }
            sets.Add(set);
        }
    }
}
