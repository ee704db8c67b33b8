namespace Concord.Configuration;

/// <summary><c>totem.transport</c>. Both are unicast UDP in Concord; <c>udp</c> (multicast) is rejected.</summary>
public enum TransportKind
{
    /// <summary><c>knet</c>, corosync 3's default: accepted as a synonym of unicast UDP with links.</summary>
    Knet,

    /// <summary><c>udpu</c>: unicast UDP.</summary>
    Udpu,
}

/// <summary><c>totem.ip_version</c>: which address family a host name resolves to.</summary>
public enum IpVersion
{
    Ipv4,
    Ipv6,
    /// <summary><c>ipv4-6</c>: prefer IPv4, fall back to IPv6.</summary>
    Ipv4Then6,
    /// <summary><c>ipv6-4</c>: prefer IPv6, fall back to IPv4 (corosync 3's default for knet and udpu).</summary>
    Ipv6Then4,
}

/// <summary><c>totem.link_mode</c>: how traffic is spread over redundant links.</summary>
public enum LinkMode
{
    Passive,
    Active,
    RoundRobin,
}

/// <summary><c>totem.crypto_cipher</c>. Concord encrypts with AES-256-GCM whenever this is not <see cref="None"/>.</summary>
public enum CryptoCipher
{
    None,
    Aes256,
    Aes192,
    Aes128,
}

/// <summary><c>totem.crypto_hash</c>. Accepted for compatibility; AES-256-GCM authenticates every datagram itself.</summary>
public enum CryptoHash
{
    None,
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

/// <summary><c>quorum.auto_tie_breaker_node</c>: which partition wins an even split.</summary>
public enum TieBreakerMode
{
    /// <summary>The partition holding the lowest node id wins (default).</summary>
    Lowest,
    /// <summary>The partition holding the highest node id wins.</summary>
    Highest,
    /// <summary>The partition holding the first listed node that is present wins.</summary>
    List,
}

/// <summary><c>logging.timestamp</c>.</summary>
public enum TimestampMode
{
    Off,
    On,
    /// <summary>Millisecond precision (corosync's default).</summary>
    Hires,
}

/// <summary><c>logging.debug</c>.</summary>
public enum DebugLevel
{
    Off,
    On,
    Trace,
}

/// <summary><c>syslog_priority</c> / <c>logfile_priority</c> (syslog severities).</summary>
public enum LogPriority
{
    Emerg,
    Alert,
    Crit,
    Err,
    Warning,
    Notice,
    Info,
    Debug,
}

/// <summary>What a node address string is, before any name resolution (see <see cref="NodeAddress"/>).</summary>
public enum AddressKind
{
    Ipv4,
    Ipv6,
    HostName,
    Invalid,
}
