using System.Globalization;
using System.Text;

namespace Concord.Configuration;

/// <summary>
/// Renders a <see cref="ClusterConfig"/> as corosync.conf text that <see cref="ConfigParser"/>
/// reads back to an equal model. Timing and tuning keys are written only when they differ from
/// the defaults, in the order and style <c>pcs cluster setup</c> uses.
/// </summary>
public static class ConfigWriter
{
    private const string Indent = "    ";

    public static string Write(ClusterConfig config, string? headerComment = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder();
        if (headerComment is not null)
        {
            foreach (string line in headerComment.Split('\n')) text.Append("# ").Append(line.TrimEnd('\r')).Append('\n');
            text.Append('\n');
        }

        Block.Render(text, "totem", b => WriteTotem(b, config.Totem));
        text.Append('\n');
        Block.Render(text, "nodelist", b => WriteNodelist(b, config.Nodes));
        if (config.Quorum != new QuorumSection())
        {
            text.Append('\n');
            Block.Render(text, "quorum", b => WriteQuorum(b, config.Quorum));
        }

        if (config.Logging != new LoggingSection())
        {
            text.Append('\n');
            Block.Render(text, "logging", b => WriteLogging(b, config.Logging));
        }

        foreach (RawSection section in config.OtherSections)
        {
            text.Append('\n');
            Block.Render(text, section.Name, b => b.Raw(section));
        }

        return text.ToString();
    }

    private static void WriteTotem(Block b, TotemSection t)
    {
        var d = new TotemSection();
        b.Key("version", t.Version);
        b.Key("cluster_name", t.ClusterName);
        if (t.ConfigVersion != d.ConfigVersion) b.Key("config_version", t.ConfigVersion);
        b.Key("transport", t.Transport == TransportKind.Knet ? "knet" : "udpu");
        b.KeyIf(t.TokenMs != d.TokenMs, "token", t.TokenMs);
        b.KeyIf(t.TokenCoefficientMs != d.TokenCoefficientMs, "token_coefficient", t.TokenCoefficientMs);
        b.KeyIf(t.TokenWarningPercent != d.TokenWarningPercent, "token_warning", t.TokenWarningPercent);
        b.KeyIf(t.TokenRetransmitMs is not null, "token_retransmit", t.TokenRetransmitMs);
        b.KeyIf(t.TokenRetransmitsBeforeLossConst != d.TokenRetransmitsBeforeLossConst, "token_retransmits_before_loss_const", t.TokenRetransmitsBeforeLossConst);
        b.KeyIf(t.HoldMs is not null, "hold", t.HoldMs);
        b.KeyIf(t.JoinMs != d.JoinMs, "join", t.JoinMs);
        b.KeyIf(t.SendJoinMs != d.SendJoinMs, "send_join", t.SendJoinMs);
        b.KeyIf(t.ConsensusMs is not null, "consensus", t.ConsensusMs);
        b.KeyIf(t.MergeMs != d.MergeMs, "merge", t.MergeMs);
        b.KeyIf(t.DowncheckMs != d.DowncheckMs, "downcheck", t.DowncheckMs);
        b.KeyIf(t.FailRecvConst != d.FailRecvConst, "fail_recv_const", t.FailRecvConst);
        b.KeyIf(t.SeqnoUnchangedConst != d.SeqnoUnchangedConst, "seqno_unchanged_const", t.SeqnoUnchangedConst);
        b.KeyIf(t.MissCountConst != d.MissCountConst, "miss_count_const", t.MissCountConst);
        b.KeyIf(t.WindowSize != d.WindowSize, "window_size", t.WindowSize);
        b.KeyIf(t.MaxMessages != d.MaxMessages, "max_messages", t.MaxMessages);
        b.KeyIf(t.NetMtu != d.NetMtu, "netmtu", t.NetMtu);
        b.KeyIf(t.CancelTokenHoldOnRetransmit != d.CancelTokenHoldOnRetransmit, "cancel_token_hold_on_retransmit", YesNo(t.CancelTokenHoldOnRetransmit));
        b.KeyIf(t.BlockUnlistedIps != d.BlockUnlistedIps, "block_unlisted_ips", YesNo(t.BlockUnlistedIps));
        b.KeyIf(t.IpVersion != d.IpVersion, "ip_version", IpVersionText(t.IpVersion));
        b.KeyIf(t.LinkMode != d.LinkMode, "link_mode", t.LinkMode switch { LinkMode.Active => "active", LinkMode.RoundRobin => "rr", _ => "passive" });
        b.Key("crypto_cipher", t.CryptoCipher.ToString().ToLowerInvariant());
        b.Key("crypto_hash", t.CryptoHash.ToString().ToLowerInvariant());
        if (t.SecAuth is bool secauth) b.Key("secauth", secauth ? "on" : "off");
        b.KeyIf(t.KeyFile is not null, "keyfile", t.KeyFile);
        b.Settings(t.OtherSettings);
        foreach (TotemInterface iface in t.Interfaces)
        {
            b.Section("interface", ib => WriteInterface(ib, iface));
        }
    }

    private static void WriteInterface(Block b, TotemInterface i)
    {
        var d = new TotemInterface();
        b.Key("linknumber", i.LinkNumber);
        b.KeyIf(i.BindNetAddr is not null, "bindnetaddr", i.BindNetAddr);
        b.KeyIf(i.McastPort is not null, "mcastport", i.McastPort);
        b.KeyIf(i.LinkPriority != d.LinkPriority, "knet_link_priority", i.LinkPriority);
        b.KeyIf(i.PingIntervalMs is not null, "knet_ping_interval", i.PingIntervalMs);
        b.KeyIf(i.PingTimeoutMs is not null, "knet_ping_timeout", i.PingTimeoutMs);
        b.KeyIf(i.PongCount != d.PongCount, "knet_pong_count", i.PongCount);
        b.Settings(i.OtherSettings);
    }

    private static void WriteNodelist(Block b, IEnumerable<ClusterNode> nodes)
    {
        foreach (ClusterNode node in nodes)
        {
            b.Section("node", nb =>
            {
                for (int link = 0; link < node.Addresses.Count; link++)
                {
                    nb.KeyIf(node.Addresses[link] is not null, $"ring{link}_addr", node.Addresses[link]);
                }

                nb.KeyIf(node.Name is not null, "name", node.Name);
                nb.Key("nodeid", node.NodeId);
                nb.KeyIf(node.QuorumVotes != 1, "quorum_votes", node.QuorumVotes);
            });
        }
    }

    private static void WriteQuorum(Block b, QuorumSection q)
    {
        var d = new QuorumSection();
        b.KeyIf(q.Provider is not null, "provider", q.Provider);
        b.KeyIf(q.ExpectedVotes is not null, "expected_votes", q.ExpectedVotes);
        b.KeyIf(q.TwoNode, "two_node", 1);
        if (q.WaitForAll is bool wfa) b.Key("wait_for_all", wfa ? 1 : 0);
        b.KeyIf(q.LastManStanding, "last_man_standing", 1);
        b.KeyIf(q.LastManStandingWindowMs != d.LastManStandingWindowMs, "last_man_standing_window", q.LastManStandingWindowMs);
        b.KeyIf(q.AutoTieBreaker, "auto_tie_breaker", 1);
        switch (q.AutoTieBreakerMode)
        {
            case TieBreakerMode.Highest:
                b.Key("auto_tie_breaker_node", "highest");
                break;
            case TieBreakerMode.List:
                b.Key("auto_tie_breaker_node", string.Join(' ', q.AutoTieBreakerNodes.Select(id => id.ToString(CultureInfo.InvariantCulture))));
                break;
        }

        b.KeyIf(q.AllowDownscale, "allow_downscale", 1);
        b.KeyIf(q.ExpectedVotesTracking, "expected_votes_tracking", 1);
        b.Settings(q.OtherSettings);
        foreach (RawSection section in q.OtherSections) b.Section(section.Name, sb => sb.Raw(section));
    }

    private static void WriteLogging(Block b, LoggingSection l)
    {
        WriteTargets(b, l.Targets);
        if (l.Timestamp is TimestampMode ts) b.Key("timestamp", ts.ToString().ToLowerInvariant());
        if (l.FileLine is bool fileLine) b.Key("fileline", OnOff(fileLine));
        if (l.FunctionName is bool functionName) b.Key("function_name", OnOff(functionName));
        b.Settings(l.OtherSettings);
        foreach (LoggerSubsys subsys in l.Subsystems)
        {
            b.Section("logger_subsys", sb =>
            {
                sb.Key("subsys", subsys.Subsys);
                WriteTargets(sb, subsys.Targets);
            });
        }
    }

    private static void WriteTargets(Block b, LogTargets t)
    {
        if (t.ToStderr is bool toStderr) b.Key("to_stderr", YesNo(toStderr));
        if (t.ToLogFile is bool toLogFile) b.Key("to_logfile", YesNo(toLogFile));
        b.KeyIf(t.LogFile is not null, "logfile", t.LogFile);
        if (t.LogFilePriority is LogPriority filePriority) b.Key("logfile_priority", filePriority.ToString().ToLowerInvariant());
        if (t.ToSyslog is bool toSyslog) b.Key("to_syslog", YesNo(toSyslog));
        b.KeyIf(t.SyslogFacility is not null, "syslog_facility", t.SyslogFacility);
        if (t.SyslogPriority is LogPriority syslogPriority) b.Key("syslog_priority", syslogPriority.ToString().ToLowerInvariant());
        if (t.Debug is DebugLevel debug) b.Key("debug", debug.ToString().ToLowerInvariant());
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string OnOff(bool value) => value ? "on" : "off";

    private static string IpVersionText(IpVersion version) => version switch
    {
        IpVersion.Ipv4 => "ipv4",
        IpVersion.Ipv6 => "ipv6",
        IpVersion.Ipv4Then6 => "ipv4-6",
        _ => "ipv6-4",
    };

    /// <summary>Writes one section's body at a given depth.</summary>
    private sealed class Block(StringBuilder text, int depth)
    {
        private bool _written;

        public static void Render(StringBuilder text, string name, Action<Block> body)
        {
            text.Append(name).Append(" {\n");
            body(new Block(text, 1));
            text.Append("}\n");
        }

        public void Key(string key, object? value)
        {
            string rendered = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            _written = true;
            Pad().Append(key).Append(": ").Append(Quote(rendered)).Append('\n');
        }

        public void KeyIf(bool condition, string key, object? value)
        {
            if (condition) Key(key, value);
        }

        public void Settings(IEnumerable<RawSetting> settings)
        {
            foreach (RawSetting setting in settings) Key(setting.Key, setting.Value);
        }

        public void Section(string name, Action<Block> body)
        {
            if (_written) text.Append('\n');
            _written = true;
            Pad().Append(name).Append(" {\n");
            body(new Block(text, depth + 1));
            Pad().Append("}\n");
        }

        public void Raw(RawSection section)
        {
            Settings(section.Settings);
            foreach (RawSection child in section.Sections) Section(child.Name, b => b.Raw(child));
        }

        private StringBuilder Pad()
        {
            for (int i = 0; i < depth; i++) text.Append(Indent);
            return text;
        }

        /// <summary>Quotes a value only when the parser would otherwise read it differently.</summary>
        private static string Quote(string value)
        {
            if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                throw new ArgumentException($"a corosync.conf value cannot span lines: '{value}'", nameof(value));
            }

            bool plain = value.Length > 0
                && value.Trim(' ', '\t') == value
                && value[0] is not ('"' or '\'')
                && !value.Contains(" #", StringComparison.Ordinal)
                && !value.Contains("\t#", StringComparison.Ordinal)
                && !value.Contains('{', StringComparison.Ordinal)
                && !value.Contains('}', StringComparison.Ordinal);
            if (plain) return value;
            return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        }
    }
}
