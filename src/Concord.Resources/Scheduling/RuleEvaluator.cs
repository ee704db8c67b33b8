using System.Globalization;
using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

/// <summary>Evaluates location rules on node attributes the way Pacemaker's rules.c does.</summary>
internal static class RuleEvaluator
{
    public static bool Test(Rule rule, SchedNode node)
    {
        bool any = false;
        foreach (Expression e in rule.Expressions)
        {
            bool ok = Accept(node.Attribute(e.Attribute), e.Value, e.Type, e.Operation);
            if (rule.IsAnd && !ok)
            {
                return false;
            }
            any |= ok;
        }
        foreach (Rule sub in rule.SubRules)
        {
            bool ok = Test(sub, node);
            if (rule.IsAnd && !ok)
            {
                return false;
            }
            any |= ok;
        }
        return rule.IsAnd || any || (rule.Expressions.Count == 0 && rule.SubRules.Count == 0);
    }

    internal static bool Accept(string? left, string? right, string? type, string op)
    {
        if (op == "defined")
        {
            return left is not null;
        }
        if (op == "not_defined")
        {
            return left is null;
        }
        int cmp = Compare(left, right, type, op);
        return op switch
        {
            "eq" => cmp == 0,
            "ne" => cmp != 0,
            _ when left is null || right is null => false,
            "lt" => cmp < 0,
            "lte" => cmp <= 0,
            "gt" => cmp > 0,
            "gte" => cmp >= 0,
            _ => false,
        };
    }

    private static int Compare(string? l, string? r, string? type, string op)
    {
        if (l is null || r is null)
        {
            return l is null && r is null ? 0 : r is null ? 1 : -1;
        }
        type ??= op is "lt" or "lte" or "gt" or "gte" ? (l.Contains('.', StringComparison.Ordinal) || r.Contains('.', StringComparison.Ordinal) ? "number" : "integer") : "string";
        switch (type.ToLowerInvariant())
        {
            case "string":
                return Math.Sign(string.Compare(l, r, StringComparison.OrdinalIgnoreCase));
            case "integer":
                if (TryLeadingLong(l, out long li) && TryLeadingLong(r, out long ri))
                {
                    return li.CompareTo(ri);
                }
                return Compare(l, r, "string", op);
            case "number":
                if (double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out double ld) && double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out double rd))
                {
                    return ld.CompareTo(rd);
                }
                return Compare(l, r, "string", op);
            case "version":
                return CompareVersion(l, r);
            default:
                return 0;
        }
    }

    /// <summary>strtoll-like: leading integer, trailing garbage tolerated, but at least one digit required.</summary>
    private static bool TryLeadingLong(string s, out long value)
    {
        value = 0;
        string t = s.TrimStart();
        int i = 0;
        if (i < t.Length && (t[i] == '-' || t[i] == '+'))
        {
            i++;
        }
        int start = i;
        while (i < t.Length && char.IsAsciiDigit(t[i]))
        {
            i++;
        }
        return i > start && long.TryParse(t.AsSpan(0, i), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static int CompareVersion(string a, string b)
    {
        string[] pa = a.Split('.');
        string[] pb = b.Split('.');
        for (int i = 0; i < Math.Max(pa.Length, pb.Length); i++)
        {
            long x = i < pa.Length && long.TryParse(pa[i], CultureInfo.InvariantCulture, out long vx) ? vx : 0;
            long y = i < pb.Length && long.TryParse(pb[i], CultureInfo.InvariantCulture, out long vy) ? vy : 0;
            if (x != y)
            {
                return x < y ? -1 : 1;
            }
        }
        return 0;
    }
}
