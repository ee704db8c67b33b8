namespace Concord.Resources.Cib;

/// <summary>Pacemaker score arithmetic: integers clamped to ±INFINITY (1,000,000), where -INFINITY wins.</summary>
public static class Score
{
    public const int Infinity = 1_000_000;
    public const int MinusInfinity = -Infinity;

    public static int Add(int a, int b)
    {
        if (a <= MinusInfinity || b <= MinusInfinity)
        {
            return MinusInfinity;
        }
        if (a >= Infinity || b >= Infinity)
        {
            return Infinity;
        }
        long sum = (long)a + b;
        return sum >= Infinity ? Infinity : sum <= MinusInfinity ? MinusInfinity : (int)sum;
    }

    /// <summary>Parses a score as Pacemaker's char2score does ("INFINITY", "+INFINITY", "-INFINITY", "red"... integers).</summary>
    public static bool TryParse(string? text, out int score)
    {
        score = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        switch (text)
        {
            case "INFINITY" or "+INFINITY" or "infinity" or "+infinity":
                score = Infinity;
                return true;
            case "-INFINITY" or "-infinity":
                score = MinusInfinity;
                return true;
        }
        if (!long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long v))
        {
            return false;
        }
        score = v >= Infinity ? Infinity : v <= MinusInfinity ? MinusInfinity : (int)v;
        return true;
    }

    public static int ParseOr(string? text, int fallback) => TryParse(text, out int s) ? s : fallback;

    public static string Format(int score) => score >= Infinity ? "INFINITY" : score <= MinusInfinity ? "-INFINITY" : score.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
