namespace Concord.Host;

/// <summary>
/// Every path the daemon uses, each overridable so several daemons can share a host (the lab, the
/// tests): -c for the config; CONCORD_RUN_DIR for the admin socket and runtime state.
/// </summary>
internal sealed record DaemonPaths(string ConfigFile, string RunDirectory, string StateDirectory)
{
    public const string DefaultConfigFile = "/etc/concord/concord.conf";
    public const string DefaultRunDirectory = "/run/concord";
    public const string DefaultStateDirectory = "/var/lib/concord";
    public const string RunDirVariable = "CONCORD_RUN_DIR";

    public string AdminSocket => Path.Combine(RunDirectory, "concordd.sock");

    public string PidFile => Path.Combine(RunDirectory, "concordd.pid");

    public static DaemonPaths Resolve(string? configFile)
    {
        string? runDir = Environment.GetEnvironmentVariable(RunDirVariable);
        return string.IsNullOrEmpty(runDir)
            ? new DaemonPaths(configFile ?? DefaultConfigFile, DefaultRunDirectory, DefaultStateDirectory)
            : new DaemonPaths(configFile ?? DefaultConfigFile, runDir, runDir);
    }
}
