using Concord.Configuration;
using Concord.Host.Logging;

namespace Concord.Host;

/// <summary>
/// concordd [-c CONFIG] [-n NODE] [-f] [-t] [-p|-r]: run one cluster node. Exit codes: 0 clean stop; 64 bad command
/// line; 65 invalid configuration; 66 configuration or key file missing/unreadable; 70 internal
/// error; 73 cannot create the run/state directory or bind a socket; 77 key file permissions.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        string? configFile = null;
        string? nodeName = null;
        bool testOnly = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-c" when i + 1 < args.Length:
                    configFile = args[++i];
                    break;
                case "-n" when i + 1 < args.Length:
                    nodeName = args[++i];
                    break;
                case "-f":
                    break; // always in the foreground; systemd (Type=notify) supervises
                case "-t":
                    testOnly = true;
                    break;
                case "-p":
                    Realtime.Enabled = false;
                    break;
                case "-r":
                    Realtime.Enabled = true;
                    break;
                case "-v" or "--version":
                    Console.WriteLine($"concordd {ThisAssembly.Version}");
                    return 0;
                case "-h" or "--help":
                    Console.WriteLine("usage: concordd [-c CONFIG] [-n NODE] [-f] [-t] [-p|-r]\n  -c CONFIG  configuration file (default /etc/concord/concord.conf)\n  -n NODE    which nodelist entry this is (name or nodeid; default: by host name or address)\n  -f         run in the foreground (always; for corosync compatibility)\n  -t         check the configuration and exit\n  -p         normal scheduling for the ring's threads (default; corosync's -p)\n  -r         round-robin real-time scheduling at the top priority for the ring's threads (corosync's default)\nEnvironment: CONCORD_RUN_DIR overrides the admin socket and state directory.");
                    return 0;
                default:
                    Console.Error.WriteLine($"concordd: unknown argument '{args[i]}' (try --help)");
                    return 64;
            }
        }
        var paths = DaemonPaths.Resolve(configFile);
        var (config, diagnostics) = ConfigSource.Load(paths.ConfigFile);
        foreach (var diagnostic in diagnostics) Console.Error.WriteLine(diagnostic.ToString());
        if (config is null) return File.Exists(paths.ConfigFile) ? 65 : 66;
        var local = ConfigSource.FindLocalNode(config, nodeName);
        if (local is null)
        {
            Console.Error.WriteLine($"{paths.ConfigFile}: error: no node in the nodelist has an address of this host; set ring0_addr to one of this host's addresses (or the name to its hostname)");
            return 65;
        }
        if (testOnly)
        {
            Console.WriteLine($"{paths.ConfigFile}: configuration is valid; this host is node {local.DisplayName} (id {local.NodeId})");
            return 0;
        }
        byte[] key;
        try
        {
            key = ConfigSource.ReadKey(config);
        }
        catch (DaemonStartException ex)
        {
            Console.Error.WriteLine($"concordd: {ex.Message}");
            return ex.ExitCode;
        }
        var sinks = new LogSinks(
            config.Logging.EffectiveToStderr,
            config.Logging.EffectiveToLogFile ? config.Logging.Targets.LogFile : null,
            config.Logging.EffectiveToSyslog,
            config.Logging.EffectiveDebug != DebugLevel.Off,
            config.Logging.EffectiveTimestamp != TimestampMode.Off);
        using var logger = new LineLogger(sinks, local.DisplayName);
        foreach (var warning in diagnostics.Where(d => !d.IsError)) logger.ConfigWarning(warning.ToString());
        Realtime.Unavailable = reason => logger.RealtimeUnavailable(reason);
        try
        {
            using var daemon = new Daemon(paths, config, local, logger);
            daemon.Start(key);
            daemon.Run();
            return 0;
        }
        catch (DaemonStartException ex)
        {
            Console.Error.WriteLine($"concordd: {ex.Message}");
            return ex.ExitCode;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            Console.Error.WriteLine($"concordd: cannot open a socket: {ex.Message}");
            return 73;
        }
        catch (UnauthorizedAccessException ex)
        {
            Console.Error.WriteLine($"concordd: {ex.Message}");
            return 73;
        }
    }
}
