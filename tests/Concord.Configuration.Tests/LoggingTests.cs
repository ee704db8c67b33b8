namespace Concord.Configuration.Tests;

[Trait("Category", "Unit")]
public sealed class LoggingTests
{
    /// <summary>A valid config whose logging section starts on line 22 and body on 23.</summary>
    private static string With(string loggingBody) =>
        Conf.EncryptedTotem + "\n" + Conf.TwoNodes + "\nlogging {\n" + loggingBody + "}\n";

    [Fact]
    public void Parse_ToLogFileWithoutLogFile_IsError()
    {
        ConfigLoadResult result = Conf.Parse(With("    to_logfile: yes\n"));

        Conf.SingleError(result, 23, 17, "to_logfile is yes but no logfile is given");
    }

    [Fact]
    public void Parse_RelativeLogFile_IsError()
    {
        ConfigLoadResult result = Conf.Parse(With("    to_logfile: yes\n    logfile: corosync.log\n"));

        Conf.SingleError(result, 24, 14, "logging.logfile: expected an absolute path");
    }

    [Fact]
    public void Parse_BadFacility_SuggestsClosest()
    {
        ConfigLoadResult result = Conf.Parse(With("    syslog_facility: locl0\n"));

        Conf.SingleError(result, 23, 22, "expected one of daemon, local0", "did you mean 'local0'?");
    }

    [Fact]
    public void Parse_SubsysWithoutName_IsError()
    {
        ConfigLoadResult result = Conf.Parse(With("    logger_subsys {\n        debug: on\n    }\n"));

        Conf.SingleError(result, 23, 5, "logger_subsys needs 'subsys: NAME'");
    }

    [Fact]
    public void Parse_AllLoggingKeys_AreBound()
    {
        ClusterConfig config = Conf.ParseValid(With("""
                to_stderr: no
                to_logfile: yes
                logfile: /var/log/concord/concord.log
                logfile_priority: notice
                to_syslog: yes
                syslog_facility: local3
                syslog_priority: warning
                debug: trace
                timestamp: hires
                fileline: on
                function_name: off
                blackbox: off
                logger_subsys {
                    subsys: TOTEM
                    debug: on
                    to_syslog: no
                }

            """));

        LoggingSection l = config.Logging;
        Assert.False(l.EffectiveToStderr);
        Assert.True(l.EffectiveToLogFile);
        Assert.Equal("/var/log/concord/concord.log", l.Targets.LogFile);
        Assert.Equal(LogPriority.Notice, l.Targets.LogFilePriority);
        Assert.Equal("local3", l.EffectiveSyslogFacility);
        Assert.Equal(LogPriority.Warning, l.Targets.SyslogPriority);
        Assert.Equal(DebugLevel.Trace, l.EffectiveDebug);
        Assert.Equal(TimestampMode.Hires, l.EffectiveTimestamp);
        Assert.True(l.FileLine);
        Assert.False(l.FunctionName);
        Assert.Contains(new RawSetting("blackbox", "off"), l.OtherSettings);
        LoggerSubsys subsys = Assert.Single(l.Subsystems);
        Assert.Equal(("TOTEM", DebugLevel.On, false), (subsys.Subsys, subsys.Targets.Debug, subsys.Targets.ToSyslog));
    }

    [Fact]
    public void Parse_NoLoggingSection_UsesCorosyncDefaults()
    {
        LoggingSection l = Conf.ParseValid(Conf.EncryptedTotem + "\n" + Conf.TwoNodes).Logging;

        Assert.True(l.EffectiveToStderr);
        Assert.True(l.EffectiveToSyslog);
        Assert.False(l.EffectiveToLogFile);
        Assert.Equal(TimestampMode.Hires, l.EffectiveTimestamp);
        Assert.Equal(DebugLevel.Off, l.EffectiveDebug);
        Assert.Equal("daemon", l.EffectiveSyslogFacility);
    }

    [Fact]
    public void Parse_OtherCorosyncSections_AreAcceptedAndKept()
    {
        ConfigLoadResult result = Conf.Parse(Conf.EncryptedTotem + "\n" + Conf.TwoNodes + """

            system {
                state_dir: /var/lib/concord
                sched_rr: yes
            }
            resources {
                system {
                    memory_used {
                        recovery: reboot
                    }
                }
            }
            uidgid {
                gid: haclient
            }
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("/var/lib/concord", result.Config!.StateDirectory);
        Assert.Equal(["system", "resources", "uidgid"], result.Config.OtherSections.Select(s => s.Name));
    }

    [Fact]
    public void Parse_NozzleSection_WarnsUnsupported()
    {
        ConfigLoadResult result = Conf.Parse(Conf.EncryptedTotem + "\n" + Conf.TwoNodes + "\nnozzle {\n    name: noz01\n}\n");

        Conf.HasWarning(result, 22, 1, "'nozzle'", "not supported");
    }
}
