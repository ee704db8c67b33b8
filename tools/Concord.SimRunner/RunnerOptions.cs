using System.Globalization;
using Concord.Simulation;

namespace Concord.SimRunner;

/// <summary>Command-line options of the seed runner.</summary>
internal sealed record RunnerOptions
{
    public int Seeds { get; init; } = 100;
    public ulong? Start { get; init; }
    public ulong? Seed { get; init; }
    public bool Trace { get; init; }
    public bool Soak { get; init; }
    public double? SoakMinutes { get; init; }
    public bool Demo { get; init; }
    public bool Coverage { get; init; }
    public int Parallel { get; init; } = Environment.ProcessorCount;
    public SimulationSettings Settings { get; init; } = new();

    public const string Usage = """
        usage: dotnet run --project tools/Concord.SimRunner -- [options]
          --seeds N          run N consecutive seeds (default 100)
          --start SEED       first seed of the sweep (default: a fresh random one, printed)
          --seed SEED        replay one seed
          --trace            with --seed: print every event
          --nodes A-B        cluster sizes (default 3-7); a single number fixes the size
          --seconds S        simulated seconds with faults on (default 60)
          --faults LIST      all, none, or a comma list of loss,duplication,reorder,longdelay,partition,crash,leave,pause
          --parallel N       worker threads (default: number of cores)
          --soak [MINUTES]   run seeds until stopped (Ctrl-C) or for MINUTES
          --coverage         print the coverage counters after a sweep
          --demo             narrate a simulated 5-node cluster with faults, in words
        """;

    public static RunnerOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var o = new RunnerOptions();
        var settings = new SimulationSettings();
        for (int i = 0; i < args.Length; i++)
        {
            int first = i;
            string arg = args[i];
            string? Value()
            {
                if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) return args[++i];
                return null;
            }
            switch (arg)
            {
                case "--seeds" when int.TryParse(Value(), CultureInfo.InvariantCulture, out int n) && n > 0:
                    o = o with { Seeds = n };
                    break;
                case "--start" when ParseSeed(Value()) is { } start:
                    o = o with { Start = start };
                    break;
                case "--seed" when ParseSeed(Value()) is { } seed:
                    o = o with { Seed = seed };
                    break;
                case "--trace":
                    o = o with { Trace = true };
                    break;
                case "--coverage":
                    o = o with { Coverage = true };
                    break;
                case "--demo":
                    o = o with { Demo = true };
                    break;
                case "--soak":
                    string? minutes = Value();
                    if (minutes is not null && (!double.TryParse(minutes, CultureInfo.InvariantCulture, out double m) || m <= 0))
                    {
                        error = $"--soak takes a positive number of minutes (got '{minutes}')";
                        return null;
                    }
                    o = o with { Soak = true, SoakMinutes = minutes is null ? null : double.Parse(minutes, CultureInfo.InvariantCulture) };
                    break;
                case "--parallel" when int.TryParse(Value(), CultureInfo.InvariantCulture, out int p) && p > 0:
                    o = o with { Parallel = p };
                    break;
                case "--nodes" when ParseRange(Value()) is { } range:
                    settings = settings with { MinNodes = range.Min, MaxNodes = range.Max };
                    break;
                case "--seconds" when double.TryParse(Value(), CultureInfo.InvariantCulture, out double s) && s >= 0:
                    settings = settings with { FaultPhaseMs = (long)(s * 1000) };
                    break;
                case "--faults" when Value() is { } list && FaultKindsParser.TryParse(list, out var kinds):
                    settings = settings with { Faults = kinds };
                    break;
                case "--help" or "-h":
                    error = "";
                    return null;
                default:
                    error = $"unknown option, or a missing or bad value: '{string.Join(' ', args[first..Math.Min(args.Length, i + 1)])}'";
                    return null;
            }
        }
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            error = string.Join("; ", problems);
            return null;
        }
        return o with { Settings = settings };
    }

    private static ulong? ParseSeed(string? text)
    {
        if (text is null) return null;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
            ulong.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong hex)) return hex;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : null;
    }

    private static (int Min, int Max)? ParseRange(string? text)
    {
        if (text is null) return null;
        var parts = text.Split('-');
        if (parts.Length == 1 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int one)) return (one, one);
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int a) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int b)) return (a, b);
        return null;
    }
}
