using System.Globalization;

namespace Concord.Resources.Cib;

/// <summary>Pacemaker interval/timeout specifications ("10s", "5min", "1000ms", "PT10S", bare seconds).</summary>
public static class Interval
{
    public static bool TryParseMs(string? text, out long ms)
    {
        ms = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        string t = text.Trim();
        if (t.StartsWith('P'))
        {
            return TryParseIso(t, out ms);
        }
        int i = 0;
        while (i < t.Length && (char.IsAsciiDigit(t[i]) || (i == 0 && (t[i] == '-' || t[i] == '+'))))
        {
            i++;
        }
        if (!long.TryParse(t.AsSpan(0, i), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
        {
            return false;
        }
        string unit = t[i..].Trim().ToLowerInvariant();
        long factor = unit switch
        {
            "" or "s" or "sec" => 1000,
            "ms" or "msec" => 1,
            "us" or "usec" => 0,
            "m" or "min" => 60_000,
            "h" or "hr" => 3_600_000,
            _ => -1,
        };
        if (factor < 0)
        {
            return false;
        }
        ms = factor == 0 ? n / 1000 : n * factor;
        return true;
    }

    private static bool TryParseIso(string t, out long ms)
    {
        ms = 0;
        bool inTime = false;
        long num = 0;
        bool haveNum = false;
        for (int i = 1; i < t.Length; i++)
        {
            char c = t[i];
            if (c == 'T')
            {
                inTime = true;
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                num = (num * 10) + (c - '0');
                haveNum = true;
                continue;
            }
            if (!haveNum)
            {
                return false;
            }
            long f = (c, inTime) switch
            {
                ('D', false) => 86_400_000,
                ('W', false) => 7 * 86_400_000L,
                ('H', true) => 3_600_000,
                ('M', true) => 60_000,
                ('S', true) => 1000,
                _ => -1,
            };
            if (f < 0)
            {
                return false;
            }
            ms += num * f;
            num = 0;
            haveNum = false;
        }
        return !haveNum;
    }
}
