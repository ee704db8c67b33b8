namespace Concord.Configuration;

/// <summary>
/// The <c>totem { }</c> section. Property names mirror the corosync.conf(5) keys (and
/// Concord.Totem's <c>TotemOptions</c>); defaults are corosync 3.1's. A <c>null</c> timing value
/// means "derive it as corosync does" — see the <c>Effective…</c> members of <see cref="ClusterConfig"/>.
/// </summary>
public sealed record TotemSection
{
    public const int DefaultPort = 5405;
    public const string DefaultKeyFile = "/etc/concord/authkey";

    /// <summary><c>version</c>: must be 2.</summary>
    public int Version { get; init; } = 2;

    /// <summary><c>cluster_name</c>: required by Concord; bound into the transport key.</summary>
    public string ClusterName { get; init; } = string.Empty;

    /// <summary><c>config_version</c>: refuse to join with a node holding a different non-zero version. Default 0.</summary>
    public ulong ConfigVersion { get; init; }

    /// <summary><c>transport</c>: knet (default) or udpu, both unicast UDP.</summary>
    public TransportKind Transport { get; init; } = TransportKind.Knet;

    /// <summary><c>token</c>: ms without the token before it is declared lost. Default 3000.</summary>
    public int TokenMs { get; init; } = 3000;

    /// <summary><c>token_coefficient</c>: ms added per node beyond two. Default 650.</summary>
    public int TokenCoefficientMs { get; init; } = 650;

    /// <summary><c>token_warning</c>: percent of the token timeout after which a late token is logged; 0 disables. Default 75.</summary>
    public int TokenWarningPercent { get; init; } = 75;

    /// <summary><c>token_retransmit</c>: ms between token resends; null derives token / (retransmits + 0.2).</summary>
    public int? TokenRetransmitMs { get; init; }

    /// <summary><c>token_retransmits_before_loss_const</c>. Default 4.</summary>
    public int TokenRetransmitsBeforeLossConst { get; init; } = 4;

    /// <summary><c>hold</c>: ms the representative holds an idle token; null uses 180 (capped below token_retransmit).</summary>
    public int? HoldMs { get; init; }

    /// <summary><c>join</c>: ms to wait for join messages. Default 50.</summary>
    public int JoinMs { get; init; } = 50;

    /// <summary><c>send_join</c>: upper bound of a random delay before sending a join, ms. Default 0.</summary>
    public int SendJoinMs { get; init; }

    /// <summary><c>consensus</c>: ms to reach membership agreement; null derives 1.2 × token.</summary>
    public int? ConsensusMs { get; init; }

    /// <summary><c>merge</c>: ms between checks for other partitions. Default 200.</summary>
    public int MergeMs { get; init; } = 200;

    /// <summary><c>downcheck</c>: ms between checks of a downed link. Default 1000.</summary>
    public int DowncheckMs { get; init; } = 1000;

    /// <summary><c>fail_recv_const</c>: rotations without receiving expected messages before reforming. Default 2500.</summary>
    public int FailRecvConst { get; init; } = 2500;

    /// <summary><c>seqno_unchanged_const</c>: idle rotations before the hold timer starts. Default 30.</summary>
    public int SeqnoUnchangedConst { get; init; } = 30;

    /// <summary><c>miss_count_const</c>: token visits a message may be missing before it is re-requested. Default 5.</summary>
    public int MissCountConst { get; init; } = 5;

    /// <summary><c>window_size</c>: messages all nodes may send per rotation. Default 50.</summary>
    public int WindowSize { get; init; } = 50;

    /// <summary><c>max_messages</c>: messages one node may send per token visit. Default 17.</summary>
    public int MaxMessages { get; init; } = 17;

    /// <summary><c>netmtu</c>: largest datagram in bytes, IP header included. Default 1500.</summary>
    public int NetMtu { get; init; } = 1500;

    /// <summary><c>cancel_token_hold_on_retransmit</c>. Default no.</summary>
    public bool CancelTokenHoldOnRetransmit { get; init; }

    /// <summary><c>block_unlisted_ips</c>: drop datagrams from nodes not in the nodelist. Default yes.</summary>
    public bool BlockUnlistedIps { get; init; } = true;

    /// <summary><c>crypto_cipher</c>. Default none (corosync 3.1).</summary>
    public CryptoCipher CryptoCipher { get; init; } = CryptoCipher.None;

    /// <summary><c>crypto_hash</c>. Default none (corosync 3.1).</summary>
    public CryptoHash CryptoHash { get; init; } = CryptoHash.None;

    /// <summary><c>secauth</c>: deprecated; <c>on</c> implies encryption unless crypto_* say otherwise. Null when absent.</summary>
    public bool? SecAuth { get; init; }

    /// <summary><c>keyfile</c>: path of the shared authkey; null means <see cref="DefaultKeyFile"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary><c>ip_version</c>: family used when resolving host names. Default ipv6-4.</summary>
    public IpVersion IpVersion { get; init; } = IpVersion.Ipv6Then4;

    /// <summary><c>link_mode</c>. Default passive.</summary>
    public LinkMode LinkMode { get; init; } = LinkMode.Passive;

    /// <summary><c>interface { }</c> subsections, one per configured link.</summary>
    public EquatableList<TotemInterface> Interfaces { get; init; }

    /// <summary>Accepted keys Concord does not act on (knet tuning and similar), kept for round trips.</summary>
    public EquatableList<RawSetting> OtherSettings { get; init; }

    /// <summary>
    /// Whether datagrams are sealed with AES-256-GCM: any crypto_cipher or crypto_hash other than
    /// none, or <c>secauth: on</c> with neither set. Otherwise datagrams travel in the clear.
    /// </summary>
    public bool Encrypted =>
        CryptoCipher != CryptoCipher.None || CryptoHash != CryptoHash.None || SecAuth == true;

    public string EffectiveKeyFile => KeyFile ?? DefaultKeyFile;

    /// <summary>The <c>interface</c> block for a link, or null when none was written.</summary>
    public TotemInterface? InterfaceFor(int linkNumber)
    {
        foreach (TotemInterface candidate in Interfaces)
        {
            if (candidate.LinkNumber == linkNumber) return candidate;
        }

        return null;
    }

    /// <summary>UDP port of a link: its interface's <c>mcastport</c>, else 5405 + link number, as corosync's knet does.</summary>
    public int PortFor(int linkNumber) => InterfaceFor(linkNumber)?.McastPort ?? DefaultPort + linkNumber;
}

/// <summary>One <c>totem { interface { } }</c> block: per-link settings.</summary>
public sealed record TotemInterface
{
    /// <summary><c>linknumber</c> (or the deprecated <c>ringnumber</c>): 0..7. Default 0.</summary>
    public int LinkNumber { get; init; }

    /// <summary><c>mcastport</c>: UDP port for this link; null means 5405 + link number.</summary>
    public int? McastPort { get; init; }

    /// <summary><c>bindnetaddr</c>: an address or network to bind; null binds the node's own ringX_addr.</summary>
    public string? BindNetAddr { get; init; }

    /// <summary><c>knet_link_priority</c>: higher wins in passive mode; 0..255. Default 1.</summary>
    public int LinkPriority { get; init; } = 1;

    /// <summary><c>knet_ping_interval</c>, ms; null derives it from the token timeout.</summary>
    public int? PingIntervalMs { get; init; }

    /// <summary><c>knet_ping_timeout</c>, ms; null derives it from the token timeout.</summary>
    public int? PingTimeoutMs { get; init; }

    /// <summary><c>knet_pong_count</c>: good pings before a link is up. Default 2.</summary>
    public int PongCount { get; init; } = 2;

    /// <summary>Accepted keys Concord does not act on, kept for round trips.</summary>
    public EquatableList<RawSetting> OtherSettings { get; init; }
}
