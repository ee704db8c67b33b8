namespace Concord.SimRunner;

internal static class Demo
{
    public static int Run(ulong seed, bool trace) => 0;
}
