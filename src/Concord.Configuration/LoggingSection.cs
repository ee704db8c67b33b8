namespace Concord.Configuration;

/// <summary>Where log lines go and how verbose they are; shared by <c>logging</c> and <c>logger_subsys</c>.</summary>
public sealed record LogTargets
{
    /// <summary><c>to_stderr</c>. corosync's default: yes.</summary>
    public bool? ToStderr { get; init; }

    /// <summary><c>to_logfile</c>. Default no.</summary>
    public bool? ToLogFile { get; init; }

    /// <summary><c>to_syslog</c>. Default yes.</summary>
    public bool? ToSyslog { get; init; }

    /// <summary><c>logfile</c>: required when to_logfile is yes.</summary>
    public string? LogFile { get; init; }

    /// <summary><c>logfile_priority</c>. Default info.</summary>
    public LogPriority? LogFilePriority { get; init; }

    /// <summary><c>syslog_facility</c>: daemon (default) or local0..local7.</summary>
    public string? SyslogFacility { get; init; }

    /// <summary><c>syslog_priority</c>. Default info.</summary>
    public LogPriority? SyslogPriority { get; init; }

    /// <summary><c>debug</c>: off (default), on or trace.</summary>
    public DebugLevel? Debug { get; init; }
}

/// <summary>A <c>logging { logger_subsys { } }</c> override for one subsystem.</summary>
public sealed record LoggerSubsys
{
    /// <summary><c>subsys</c>: the subsystem name, e.g. QUORUM or TOTEM. Required.</summary>
    public string Subsys { get; init; } = string.Empty;

    /// <summary>Overrides; a null member inherits from the top-level <c>logging</c> section.</summary>
    public LogTargets Targets { get; init; } = new();
}

/// <summary>The <c>logging { }</c> section. Null members mean "not written"; the Effective members apply corosync's defaults.</summary>
public sealed record LoggingSection
{
    public LogTargets Targets { get; init; } = new();

    /// <summary><c>timestamp</c>: off, on or hires (default).</summary>
    public TimestampMode? Timestamp { get; init; }

    /// <summary><c>fileline</c>. Default off.</summary>
    public bool? FileLine { get; init; }

    /// <summary><c>function_name</c>. Default off.</summary>
    public bool? FunctionName { get; init; }

    public EquatableList<LoggerSubsys> Subsystems { get; init; }

    /// <summary>Accepted keys Concord does not act on (e.g. <c>blackbox</c>), kept for round trips.</summary>
    public EquatableList<RawSetting> OtherSettings { get; init; }

    public bool EffectiveToStderr => Targets.ToStderr ?? true;

    public bool EffectiveToLogFile => Targets.ToLogFile ?? false;

    public bool EffectiveToSyslog => Targets.ToSyslog ?? true;

    public TimestampMode EffectiveTimestamp => Timestamp ?? TimestampMode.Hires;

    public DebugLevel EffectiveDebug => Targets.Debug ?? DebugLevel.Off;

    public string EffectiveSyslogFacility => Targets.SyslogFacility ?? "daemon";
}
