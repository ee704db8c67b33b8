namespace Concord.Resources.Bench;

internal static class Benchmarks
{
    public static int Run(string[] args)
    {
        _ = args;
        return 0;
    }
}
