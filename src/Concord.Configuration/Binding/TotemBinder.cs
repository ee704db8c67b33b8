using Concord.Configuration.Syntax;

namespace Concord.Configuration.Binding;

/// <summary>Reads <c>totem { }</c> into a <see cref="TotemSection"/>; checks that need only this section.</summary>
internal static class TotemBinder
{
    private const int TimeoutMsMax = 600_000;
    private const string Ms = "milliseconds";

    public static TotemSection Bind(SectionReader? reader, DiagnosticSink sink)
    {
        if (reader is null)
        {
            sink.Error(1, 1, "no 'totem' section: Concord needs at least 'totem { version: 2  cluster_name: NAME }'");
            return new TotemSection();
        }

        var defaults = new TotemSection();
        var totem = new TotemSection
        {
            Version = reader.Int("version", int.MinValue, int.MaxValue, "versions") ?? defaults.Version,
            ClusterName = reader.String("cluster_name") ?? string.Empty,
            ConfigVersion = reader.ULong("config_version", 0, ulong.MaxValue, "revisions") ?? 0,
            Transport = BindTransport(reader) ?? defaults.Transport,
            TokenMs = reader.Int("token", 30, TimeoutMsMax, Ms) ?? defaults.TokenMs,
            TokenCoefficientMs = reader.Int("token_coefficient", 0, TimeoutMsMax, Ms) ?? defaults.TokenCoefficientMs,
            TokenWarningPercent = reader.Int("token_warning", 0, 100, "percent") ?? defaults.TokenWarningPercent,
            TokenRetransmitMs = ZeroMeansDerived(reader.Int("token_retransmit", 0, TimeoutMsMax, Ms)),
            TokenRetransmitsBeforeLossConst =
                reader.Int("token_retransmits_before_loss_const", 1, 100, "retransmits") ?? defaults.TokenRetransmitsBeforeLossConst,
            HoldMs = ZeroMeansDerived(reader.Int("hold", 0, TimeoutMsMax, Ms)),
            JoinMs = reader.Int("join", 10, TimeoutMsMax, Ms) ?? defaults.JoinMs,
            SendJoinMs = reader.Int("send_join", 0, TimeoutMsMax, Ms) ?? defaults.SendJoinMs,
            ConsensusMs = ZeroMeansDerived(reader.Int("consensus", 0, TimeoutMsMax, Ms)),
            MergeMs = reader.Int("merge", 10, TimeoutMsMax, Ms) ?? defaults.MergeMs,
            DowncheckMs = reader.Int("downcheck", 10, TimeoutMsMax, Ms) ?? defaults.DowncheckMs,
            FailRecvConst = reader.Int("fail_recv_const", 1, 1_000_000, "rotations") ?? defaults.FailRecvConst,
            SeqnoUnchangedConst = reader.Int("seqno_unchanged_const", 1, 1_000_000, "rotations") ?? defaults.SeqnoUnchangedConst,
            MissCountConst = reader.Int("miss_count_const", 1, 10_000, "token visits") ?? defaults.MissCountConst,
            WindowSize = reader.Int("window_size", 1, 10_000, "messages") ?? defaults.WindowSize,
            MaxMessages = reader.Int("max_messages", 1, 10_000, "messages") ?? defaults.MaxMessages,
            NetMtu = reader.Int("netmtu", 576, 65_000, "bytes") ?? defaults.NetMtu,
            CancelTokenHoldOnRetransmit = reader.Bool("cancel_token_hold_on_retransmit") ?? false,
            BlockUnlistedIps = reader.Bool("block_unlisted_ips") ?? true,
            CryptoCipher = reader.Choice(
                "crypto_cipher",
                ("none", CryptoCipher.None), ("aes256", CryptoCipher.Aes256),
                ("aes192", CryptoCipher.Aes192), ("aes128", CryptoCipher.Aes128)) ?? CryptoCipher.None,
            CryptoHash = reader.Choice(
                "crypto_hash",
                ("none", CryptoHash.None), ("md5", CryptoHash.Md5), ("sha1", CryptoHash.Sha1),
                ("sha256", CryptoHash.Sha256), ("sha384", CryptoHash.Sha384), ("sha512", CryptoHash.Sha512)) ?? CryptoHash.None,
            SecAuth = reader.Bool("secauth"),
            KeyFile = reader.String("keyfile"),
            IpVersion = reader.Choice(
                "ip_version",
                ("ipv4", IpVersion.Ipv4), ("ipv6", IpVersion.Ipv6),
                ("ipv4-6", IpVersion.Ipv4Then6), ("ipv6-4", IpVersion.Ipv6Then4)) ?? defaults.IpVersion,
            LinkMode = reader.Choice(
                "link_mode",
                ("passive", LinkMode.Passive), ("active", LinkMode.Active), ("rr", LinkMode.RoundRobin)) ?? LinkMode.Passive,
            Interfaces = new(reader.Children("interface").Select(BindInterface)),
            OtherSettings = reader.Kept,
        };

        CheckSection(reader, totem, sink);
        return totem;
    }

    private static int? ZeroMeansDerived(int? value) => value == 0 ? null : value;

    private static TransportKind? BindTransport(SectionReader reader)
    {
        if (reader.Entry("transport") is SyntaxEntry entry && entry.Value == "udp")
        {
            reader.Sink.ErrorAtValue(
                entry,
                "totem.transport: 'udp' (multicast) is not supported: Concord is unicast-only, because most " +
                "hosting providers block multicast; use 'transport: knet' (or 'udpu') and list every node in 'nodelist'");
            return null;
        }

        return reader.Choice("transport", ("knet", TransportKind.Knet), ("udpu", TransportKind.Udpu));
    }

    private static TotemInterface BindInterface(SectionReader reader)
    {
        int? linkNumber = reader.Int("linknumber", 0, ClusterNode.LinksMax - 1, "link number");
        if (reader.Entry("ringnumber") is SyntaxEntry ring)
        {
            reader.Sink.WarningAtKey(ring, "totem.interface.ringnumber is the corosync 2 name of 'linknumber': it is read as linknumber");
            linkNumber ??= reader.Int("ringnumber", 0, ClusterNode.LinksMax - 1, "link number");
        }

        if (reader.Entry("bindnetaddr") is SyntaxEntry bind && NodeAddress.Classify(bind.Value) is not (AddressKind.Ipv4 or AddressKind.Ipv6))
        {
            reader.Sink.ErrorAtValue(bind, $"totem.interface.bindnetaddr: expected an IPv4 or IPv6 address, got '{bind.Value}'");
        }

        if (reader.KeptEntry("knet_transport") is SyntaxEntry knetTransport && knetTransport.Value != "udp")
        {
            reader.Sink.WarningAtValue(knetTransport, $"totem.interface.knet_transport '{knetTransport.Value}' is ignored: Concord always uses UDP");
        }

        var defaults = new TotemInterface();
        return new TotemInterface
        {
            LinkNumber = linkNumber ?? 0,
            McastPort = reader.Int("mcastport", 1, 65_535, "port"),
            BindNetAddr = reader.String("bindnetaddr"),
            LinkPriority = reader.Int("knet_link_priority", 0, 255, "priority") ?? defaults.LinkPriority,
            PingIntervalMs = reader.Int("knet_ping_interval", 1, TimeoutMsMax, Ms),
            PingTimeoutMs = reader.Int("knet_ping_timeout", 1, TimeoutMsMax, Ms),
            PongCount = reader.Int("knet_pong_count", 1, 255, "pongs") ?? defaults.PongCount,
            OtherSettings = reader.Kept,
        };
    }

    private static void CheckSection(SectionReader reader, TotemSection totem, DiagnosticSink sink)
    {
        if (reader.Entry("version") is SyntaxEntry version && totem.Version != 2)
        {
            sink.ErrorAtValue(version, $"totem.version: expected 2 (the only corosync.conf format version), got '{version.Value}'");
        }
        else if (reader.Entry("version") is null)
        {
            sink.WarningAt(reader.Syntax, "totem.version is missing: corosync requires 'version: 2'; Concord assumes 2");
        }

        if (reader.Entry("cluster_name") is not SyntaxEntry name)
        {
            sink.ErrorAt(reader.Syntax, "totem.cluster_name is missing: Concord needs a cluster name (it is bound into the encryption key)");
        }
        else if (!IsClusterName(name.Value))
        {
            sink.ErrorAtValue(name, $"totem.cluster_name: expected 1 to 64 letters, digits, '-', '_' or '.', got '{name.Value}'");
        }

        if (reader.Entry("keyfile") is SyntaxEntry keyFile && !keyFile.Value.StartsWith('/'))
        {
            sink.ErrorAtValue(keyFile, $"totem.keyfile: expected an absolute path (starting with '/'), got '{keyFile.Value}'");
        }

        if (!totem.BlockUnlistedIps && reader.Entry("block_unlisted_ips") is SyntaxEntry unlisted)
        {
            sink.WarningAtValue(unlisted,
                "totem.block_unlisted_ips: no has no effect: Concord always drops datagrams from nodes that are not in the nodelist");
        }

        if (reader.Entry("secauth") is SyntaxEntry secauth)
        {
            sink.WarningAtKey(secauth, "totem.secauth is deprecated: use 'crypto_cipher: aes256' and 'crypto_hash: sha256'");
        }

        if (!totem.Encrypted && reader.Entry("crypto_cipher") is null && reader.Entry("crypto_hash") is null)
        {
            sink.WarningAt(reader.Syntax,
                "cluster traffic is neither encrypted nor authenticated: set 'crypto_cipher: aes256' and 'crypto_hash: sha256' " +
                "and create a key with 'concord keygen'");
        }

        CheckTimings(reader, totem, sink);
        CheckInterfaces(reader, totem, sink);
    }

    private static void CheckTimings(SectionReader reader, TotemSection totem, DiagnosticSink sink)
    {
        if (reader.Entry("consensus") is SyntaxEntry consensus && totem.ConsensusMs is int consensusMs)
        {
            if (consensusMs <= totem.TokenMs)
            {
                sink.ErrorAtValue(consensus,
                    $"totem.consensus ({consensusMs} ms) must be greater than token ({totem.TokenMs} ms); " +
                    $"corosync's rule is 1.2 × token = {(int)(totem.TokenMs * 1.2)} ms, or remove it to derive it");
            }
            else if (consensusMs < totem.JoinMs)
            {
                sink.ErrorAtValue(consensus, $"totem.consensus ({consensusMs} ms) must not be less than join ({totem.JoinMs} ms)");
            }
        }

        if (reader.Entry("token_retransmit") is SyntaxEntry retransmit && totem.TokenRetransmitMs is int retransmitMs
            && retransmitMs >= totem.TokenMs)
        {
            sink.ErrorAtValue(retransmit,
                $"totem.token_retransmit ({retransmitMs} ms) must be less than token ({totem.TokenMs} ms); remove it to derive it");
        }

        if (reader.Entry("hold") is SyntaxEntry hold && totem.HoldMs is int holdMs)
        {
            int intervalMs = totem.TokenRetransmitMs ?? (int)(totem.TokenMs / (totem.TokenRetransmitsBeforeLossConst + 0.2));
            if (holdMs >= intervalMs)
            {
                sink.ErrorAtValue(hold, $"totem.hold ({holdMs} ms) must be less than the token retransmit interval ({intervalMs} ms)");
            }
        }

        if (totem.MaxMessages > totem.WindowSize && reader.Entry("max_messages") is SyntaxEntry maxMessages)
        {
            sink.ErrorAtValue(maxMessages,
                $"totem.max_messages ({totem.MaxMessages}) must not exceed window_size ({totem.WindowSize})");
        }
        else if (totem.MaxMessages > totem.WindowSize && reader.Entry("window_size") is SyntaxEntry windowSize)
        {
            sink.ErrorAtValue(windowSize,
                $"totem.window_size ({totem.WindowSize}) must be at least max_messages ({totem.MaxMessages})");
        }
    }

    private static void CheckInterfaces(SectionReader reader, TotemSection totem, DiagnosticSink sink)
    {
        var firstLine = new Dictionary<int, int>();
        foreach ((SectionReader iface, TotemInterface bound) in reader.Children("interface").Zip(totem.Interfaces))
        {
            if (firstLine.TryGetValue(bound.LinkNumber, out int line))
            {
                sink.ErrorAt(iface.Syntax,
                    $"totem.interface: link {bound.LinkNumber} is configured twice (first on line {line}); give each interface a distinct linknumber (0-7)");
            }
            else
            {
                firstLine[bound.LinkNumber] = iface.Syntax.Line;
            }
        }
    }

    private static bool IsClusterName(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
