using Concord.Configuration.Syntax;

namespace Concord.Configuration.Binding;

/// <summary>Reads <c>logging { }</c> and its <c>logger_subsys { }</c> blocks.</summary>
internal static class LoggingBinder
{
    private static readonly string[] Facilities =
        ["daemon", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"];

    private static readonly (string, LogPriority)[] Priorities =
    [
        ("emerg", LogPriority.Emerg), ("alert", LogPriority.Alert), ("crit", LogPriority.Crit), ("err", LogPriority.Err),
        ("warning", LogPriority.Warning), ("notice", LogPriority.Notice), ("info", LogPriority.Info), ("debug", LogPriority.Debug),
    ];

    public static LoggingSection Bind(SectionReader? reader)
    {
        if (reader is null) return new LoggingSection();
        return new LoggingSection
        {
            Targets = BindTargets(reader),
            Timestamp = reader.Choice("timestamp", ("off", TimestampMode.Off), ("on", TimestampMode.On), ("hires", TimestampMode.Hires)),
            FileLine = reader.Bool("fileline"),
            FunctionName = reader.Bool("function_name"),
            Subsystems = new(reader.Children("logger_subsys").Select(BindSubsys)),
            OtherSettings = reader.Kept,
        };
    }

    private static LoggerSubsys BindSubsys(SectionReader reader)
    {
        string? subsys = reader.String("subsys");
        if (string.IsNullOrWhiteSpace(subsys))
        {
            reader.Sink.ErrorAt(reader.Syntax, "logging.logger_subsys needs 'subsys: NAME' (for example QUORUM, TOTEM or CPG)");
        }

        return new LoggerSubsys { Subsys = subsys ?? string.Empty, Targets = BindTargets(reader) };
    }

    private static LogTargets BindTargets(SectionReader reader)
    {
        var targets = new LogTargets
        {
            ToStderr = reader.Bool("to_stderr"),
            ToLogFile = reader.Bool("to_logfile"),
            ToSyslog = reader.Bool("to_syslog"),
            LogFile = reader.String("logfile"),
            LogFilePriority = reader.Choice("logfile_priority", Priorities),
            SyslogFacility = BindFacility(reader),
            SyslogPriority = reader.Choice("syslog_priority", Priorities),
            Debug = reader.Choice("debug", ("off", DebugLevel.Off), ("on", DebugLevel.On), ("trace", DebugLevel.Trace)),
        };

        if (reader.Entry("logfile") is SyntaxEntry logFile && !logFile.Value.StartsWith('/'))
        {
            reader.Sink.ErrorAtValue(logFile, $"{reader.Path}.logfile: expected an absolute path (starting with '/'), got '{logFile.Value}'");
        }

        bool topLevel = reader.Path == "logging";
        if (targets.ToLogFile == true && targets.LogFile is null && topLevel && reader.Entry("to_logfile") is SyntaxEntry toLogFile)
        {
            reader.Sink.ErrorAtValue(toLogFile, "logging.to_logfile is yes but no logfile is given: add 'logfile: /var/log/concord/concord.log'");
        }

        return targets;
    }

    private static string? BindFacility(SectionReader reader)
    {
        if (reader.Entry("syslog_facility") is not SyntaxEntry entry) return null;
        string? match = Facilities.FirstOrDefault(f => f.Equals(entry.Value, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            string? guess = Suggestions.Closest(entry.Value, Facilities);
            string hint = guess is null ? string.Empty : $"; did you mean '{guess}'?";
            reader.Sink.ErrorAtValue(entry,
                $"{reader.Path}.syslog_facility: expected one of {string.Join(", ", Facilities)}, got '{entry.Value}'{hint}");
        }

        return match;
    }
}
