using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Concord.Resources.Cib;

/// <summary>Pacemaker 2.1.5's operation digest ("op-digest"): the MD5 of the resource's parameters as
/// <c> &lt;parameters name="value" .../&gt;\n</c> with names sorted and values XML-escaped; recurring operations
/// also carry <c>CRM_meta_timeout</c>. A recorded digest that differs from the current one means the
/// resource definition changed since the operation ran.</summary>
public static class OpDigest
{
    public const long DefaultTimeoutMs = 20_000;

    public static string Compute(PrimitiveDef primitive, long intervalMs, IReadOnlyDictionary<string, string>? opDefaults = null)
    {
        var pairs = new SortedDictionary<string, string>(primitive.Params, StringComparer.Ordinal);
        if (intervalMs > 0)
        {
            pairs["CRM_meta_timeout"] = TimeoutMs(primitive, intervalMs, opDefaults).ToString(CultureInfo.InvariantCulture);
        }
        var sb = new StringBuilder(" <parameters");
        foreach (KeyValuePair<string, string> kv in pairs)
        {
            sb.Append(' ').Append(kv.Key).Append("=\"");
            Escape(sb, kv.Value);
            sb.Append('"');
        }
        sb.Append("/>\n");
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static long TimeoutMs(PrimitiveDef primitive, long intervalMs, IReadOnlyDictionary<string, string>? opDefaults)
    {
        OpDef? op = primitive.Ops.FirstOrDefault(o => o.Name == "monitor" && o.IntervalMs == intervalMs);
        string? text = op?.Attributes.GetValueOrDefault("timeout") ?? opDefaults?.GetValueOrDefault("timeout");
        return text is not null && Interval.TryParseMs(text, out long ms) ? ms : DefaultTimeoutMs;
    }

    /// <summary>libxml2's attribute escaping.</summary>
    private static void Escape(StringBuilder sb, string value)
    {
        foreach (char c in value)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\n' => "&#10;",
                '\r' => "&#13;",
                '\t' => "&#9;",
                _ => c.ToString(),
            });
        }
    }
}
