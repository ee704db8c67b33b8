namespace Concord.Configuration.Binding;

/// <summary>What Concord does with a key it recognises.</summary>
internal enum KeyUse
{
    /// <summary>Read into the typed model.</summary>
    Modelled,

    /// <summary>Accepted and kept for round trips, but Concord does not act on it.</summary>
    Kept,

    /// <summary>Accepted and kept, with a warning explaining why it has no effect.</summary>
    KeptWithWarning,

    /// <summary>Recognised, but Concord cannot honour it: an error explaining what to do instead.</summary>
    Rejected,
}

internal sealed record KeyRule(string Name, KeyUse Use, string? Note = null);

/// <summary>The keys and subsections one section accepts.</summary>
internal sealed class SectionSchema
{
    public SectionSchema(string path, IEnumerable<KeyRule> keys, IEnumerable<SectionSchema>? sections = null)
    {
        Path = path;
        Keys = keys.ToDictionary(k => k.Name, StringComparer.Ordinal);
        Sections = (sections ?? []).ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>Dotted path, e.g. <c>totem.interface</c>.</summary>
    public string Path { get; }

    public string Name => Path[(Path.LastIndexOf('.') + 1)..];

    public IReadOnlyDictionary<string, KeyRule> Keys { get; }

    public IReadOnlyDictionary<string, SectionSchema> Sections { get; }

    /// <summary>Keys starting with <c>knet_</c> are accepted (kept) even when not listed.</summary>
    public bool AcceptsAnyKnetKey { get; init; }

    /// <summary>Anything at all is accepted and kept (corosync sections Concord does not interpret).</summary>
    public bool AcceptsAnything { get; init; }

    /// <summary>Set on sections whose keys are all kept-with-warning: the warning for the section as a whole.</summary>
    public string? SectionWarning { get; init; }

    public KeyRule? Rule(string key)
    {
        if (Keys.TryGetValue(key, out KeyRule? rule)) return rule;
        if (AcceptsAnything || (AcceptsAnyKnetKey && key.StartsWith("knet_", StringComparison.Ordinal)))
        {
            return new KeyRule(key, KeyUse.Kept);
        }

        return null;
    }

    public SectionSchema? Section(string name)
    {
        if (Sections.TryGetValue(name, out SectionSchema? section)) return section;
        return AcceptsAnything ? new SectionSchema($"{Path}.{name}", []) { AcceptsAnything = true } : null;
    }
}

/// <summary>
/// Every section and key of corosync 3.1's corosync.conf(5) and votequorum(5), and what Concord
/// does with each. docs/configuration.md is the human-readable twin of this table.
/// </summary>
internal static class Schema
{
    private const string Multicast =
        "is ignored: it configures multicast/broadcast, and Concord only sends unicast UDP to the nodelist addresses";

    public static readonly string[] LinkAddressKeys =
        ["ring0_addr", "ring1_addr", "ring2_addr", "ring3_addr", "ring4_addr", "ring5_addr", "ring6_addr", "ring7_addr"];

    private static KeyRule M(string name) => new(name, KeyUse.Modelled);

    private static KeyRule K(string name) => new(name, KeyUse.Kept);

    private static KeyRule W(string name, string note) => new(name, KeyUse.KeptWithWarning, note);

    private static KeyRule R(string name, string note) => new(name, KeyUse.Rejected, note);

    private static readonly string[] LogTargetKeys =
        ["to_stderr", "to_logfile", "to_syslog", "logfile", "logfile_priority", "syslog_facility", "syslog_priority", "debug"];

    public static SectionSchema Interface { get; } = new(
        "totem.interface",
        [
            M("linknumber"), M("ringnumber"),
            M("bindnetaddr"), M("mcastport"), M("knet_link_priority"), M("knet_ping_interval"),
            M("knet_ping_timeout"), M("knet_pong_count"), K("knet_ping_precision"),
            K("knet_transport"),
            W("mcastaddr", Multicast), W("broadcast", Multicast), W("ttl", Multicast),
        ],
        [
            new SectionSchema("totem.interface.member", [K("memberaddr")])
            {
                SectionWarning = "'member' blocks are corosync 1 syntax and are ignored: list nodes in 'nodelist { node { } }'",
            },
        ])
    { AcceptsAnyKnetKey = true };

    public static SectionSchema Totem { get; } = new(
        "totem",
        [
            M("version"), M("cluster_name"), M("config_version"), M("transport"), M("token"), M("token_coefficient"),
            M("token_warning"), M("token_retransmit"), M("token_retransmits_before_loss_const"), M("hold"), M("join"),
            M("send_join"), M("consensus"), M("merge"), M("downcheck"), M("fail_recv_const"), M("seqno_unchanged_const"),
            M("miss_count_const"), M("window_size"), M("max_messages"), M("netmtu"), M("cancel_token_hold_on_retransmit"),
            M("block_unlisted_ips"), M("crypto_cipher"), M("crypto_hash"), M("secauth"), M("keyfile"), M("ip_version"),
            M("link_mode"),
            K("cluster_uuid"), K("crypto_model"), K("clear_node_high_bit"), K("ip_dscp"), K("threads"),
            K("heartbeat_failures_allowed"), K("max_network_delay"),
            W("nodeid", "is obsolete: set 'nodeid' in each 'nodelist { node { } }' block instead"),
            W("rrp_mode", "is corosync 2 syntax and is ignored: use 'link_mode'"),
            W("vsftype", "is ignored: Concord always uses Extended Virtual Synchrony"),
            R("key", "inline keys are not supported: write the key to a file with 'concord keygen' and set 'keyfile'"),
        ],
        [Interface])
    { AcceptsAnyKnetKey = true };

    public static SectionSchema Node { get; } = new(
        "nodelist.node",
        [.. LinkAddressKeys.Select(M), M("nodeid"), M("name"), M("quorum_votes")]);

    public static SectionSchema Nodelist { get; } = new("nodelist", [], [Node]);

    public static SectionSchema Quorum { get; } = new(
        "quorum",
        [
            M("provider"), M("expected_votes"), M("two_node"), M("wait_for_all"), M("last_man_standing"),
            M("last_man_standing_window"), M("auto_tie_breaker"), M("auto_tie_breaker_node"), M("allow_downscale"),
            M("expected_votes_tracking"),
            W("votes", "is ignored: set 'quorum_votes' in each nodelist node"),
            K("leaving_timeout"),
        ],
        [
            new SectionSchema("quorum.device", [])
            {
                AcceptsAnything = true,
                SectionWarning = "quorum devices (corosync-qdevice) are not supported; the 'device' section is ignored",
            },
        ]);

    public static SectionSchema LoggerSubsys { get; } = new(
        "logging.logger_subsys",
        [M("subsys"), .. LogTargetKeys.Select(M), K("tags")]);

    public static SectionSchema Logging { get; } = new(
        "logging",
        [.. LogTargetKeys.Select(M), M("timestamp"), M("fileline"), M("function_name"), K("blackbox")],
        [
            LoggerSubsys,
            new SectionSchema("logging.logging_daemon", [])
            {
                AcceptsAnything = true,
                SectionWarning = "'logging_daemon' is corosync 1 syntax and is ignored: use 'logger_subsys'",
            },
        ]);

    public static SectionSchema System { get; } = new(
        "system",
        [K("qb_ipc_type"), K("sched_rr"), K("priority"), K("move_to_root_cgroup"), K("allow_knet_handle_fallback"), K("state_dir")]);

    public static SectionSchema Resources { get; } = new("resources", []) { AcceptsAnything = true };

    public static SectionSchema Nozzle { get; } = new(
        "nozzle",
        [K("name"), K("ipaddr"), K("ipprefix"), K("macaddr")])
    {
        SectionWarning = "'nozzle' (libnozzle tunnel device) is not supported; the section is ignored",
    };

    public static SectionSchema UidGid { get; } = new("uidgid", [K("uid"), K("gid")]);

    public static SectionSchema Qb { get; } = new("qb", [K("ipc_type")]);

    public static SectionSchema Root { get; } = new(
        string.Empty, [], [Totem, Nodelist, Quorum, Logging, System, Resources, Nozzle, UidGid, Qb]);

    /// <summary>Every section path that accepts a key of this name (to say "this belongs in 'quorum'").</summary>
    public static IReadOnlyList<string> SectionsWithKey(string key)
    {
        var found = new List<string>();
        void Walk(SectionSchema schema)
        {
            if (schema.Keys.ContainsKey(key)) found.Add(schema.Path);
            foreach (SectionSchema child in schema.Sections.Values) Walk(child);
        }

        Walk(Root);
        return found;
    }
}
