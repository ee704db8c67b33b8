using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Concord.Host.Logging;

/// <summary>Where log lines go, from the config's logging section.</summary>
internal sealed record LogSinks(bool ToStderr, string? LogFile, bool ToSyslog, bool Debug, bool Timestamp);

/// <summary>
/// A small logger for the daemon: one sentence per line to stderr, a log file and/or syslog
/// (/dev/log), as corosync's logging section configures. Thread-safe; lines are written whole.
/// </summary>
internal sealed class LineLogger : ILogger, IDisposable
{
    private readonly LogSinks _sinks;
    private readonly string _tag;
    private readonly object _gate = new();
    private readonly StreamWriter? _file;
    private readonly Socket? _syslog;

    public LineLogger(LogSinks sinks, string tag)
    {
        _sinks = sinks;
        _tag = tag;
        if (sinks.LogFile is { } path)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"concordd: cannot open log file {path}: {ex.Message}; logging to stderr only");
            }
        }
        if (sinks.ToSyslog && File.Exists("/dev/log"))
        {
            try
            {
                _syslog = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
                _syslog.Connect(new UnixDomainSocketEndPoint("/dev/log"));
            }
            catch (SocketException)
            {
                _syslog?.Dispose();
                _syslog = null;
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= (_sinks.Debug ? LogLevel.Debug : LogLevel.Information);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        string level = logLevel switch
        {
            LogLevel.Trace or LogLevel.Debug => "debug",
            LogLevel.Information => "notice",
            LogLevel.Warning => "warning",
            _ => "error",
        };
        string message = formatter(state, exception);
        if (exception is not null) message += $" ({exception.GetType().Name}: {exception.Message})";
        string stamp = _sinks.Timestamp ? DateTime.Now.ToString("MMM dd HH:mm:ss.fff ", System.Globalization.CultureInfo.InvariantCulture) : "";
        string line = $"{stamp}[{_tag}] {level}: {message}";
        lock (_gate)
        {
            if (_sinks.ToStderr) Console.Error.WriteLine(line);
            _file?.WriteLine(line);
            if (_syslog is not null)
            {
                int priority = (3 << 3) | logLevel switch { LogLevel.Debug or LogLevel.Trace => 7, LogLevel.Information => 5, LogLevel.Warning => 4, _ => 3 };
                try { _syslog.Send(Encoding.UTF8.GetBytes($"<{priority}>concordd: {message}")); }
                catch (SocketException) { }
            }
        }
    }

    public void Dispose()
    {
        _file?.Dispose();
        _syslog?.Dispose();
    }
}
