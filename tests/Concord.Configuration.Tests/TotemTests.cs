namespace Concord.Configuration.Tests;

[Trait("Category", "Unit")]
public sealed class TotemTests
{
    /// <summary>A totem section whose fifth line is <paramref name="line"/>, followed by two valid nodes.</summary>
    private static string WithTotemLine(string line) => $$"""
        totem {
            version: 2
            cluster_name: test
            crypto_cipher: aes256
            {{line}}
            crypto_hash: sha256
        }
        {{Conf.TwoNodes}}
        """;

    [Fact]
    public void Parse_NonNumericToken_ReportsValuePositionAndExpectation()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("token: 3s"));

        Conf.SingleError(result, 5, 12, "totem.token", "expected a whole number of milliseconds between 30 and 600000", "got '3s'");
    }

    [Fact]
    public void Parse_TokenTooSmall_ReportsRange()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("token: 5"));

        Conf.SingleError(result, 5, 12, "between 30 and 600000", "got '5'");
    }

    [Fact]
    public void Parse_UdpTransport_IsRejectedAsUnicastOnly()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("transport: udp"));

        Conf.SingleError(result, 5, 16, "'udp' (multicast) is not supported", "unicast-only", "knet");
    }

    [Theory]
    [InlineData("transport: knet", TransportKind.Knet)]
    [InlineData("transport: udpu", TransportKind.Udpu)]
    [InlineData("# no transport", TransportKind.Knet)]
    public void Parse_UnicastTransports_AreAccepted(string line, TransportKind expected)
    {
        Assert.Equal(expected, Conf.ParseValid(WithTotemLine(line)).Totem.Transport);
    }

    [Fact]
    public void Parse_UnknownTransport_SuggestsClosest()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("transport: kent"));

        Conf.SingleError(result, 5, 16, "expected one of knet, udpu", "did you mean 'knet'?");
    }

    [Fact]
    public void Parse_ConsensusNotAboveToken_IsError()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("consensus: 3000"));

        Conf.SingleError(result, 5, 16, "totem.consensus (3000 ms) must be greater than token (3000 ms)", "1.2 × token = 3600 ms");
    }

    [Fact]
    public void Parse_ConsensusAboveToken_IsHonoured()
    {
        ClusterConfig config = Conf.ParseValid(WithTotemLine("consensus: 4000"));

        Assert.Equal(4000, config.Totem.ConsensusMs);
        Assert.Equal(4000, config.EffectiveConsensusMs);
    }

    [Fact]
    public void Parse_ConsensusZero_MeansDerived()
    {
        ClusterConfig config = Conf.ParseValid(WithTotemLine("consensus: 0"));

        Assert.Null(config.Totem.ConsensusMs);
        Assert.Equal(3600, config.EffectiveConsensusMs);
    }

    [Fact]
    public void Parse_TokenRetransmitNotBelowToken_IsError()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("token_retransmit: 3000"));

        Conf.SingleError(result, 5, 23, "token_retransmit (3000 ms) must be less than token (3000 ms)");
    }

    [Fact]
    public void Parse_HoldNotBelowRetransmit_IsError()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("hold: 900"));

        Conf.SingleError(result, 5, 11, "totem.hold (900 ms) must be less than the token retransmit interval (714 ms)");
    }

    [Fact]
    public void Parse_SmallToken_CapsDerivedHoldBelowRetransmit()
    {
        ClusterConfig config = Conf.ParseValid(WithTotemLine("token: 500"));

        Assert.Equal(119, config.EffectiveTokenRetransmitMs);
        Assert.Equal(95, config.EffectiveHoldMs);
    }

    [Fact]
    public void Parse_MaxMessagesAboveWindow_IsError()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("max_messages: 60"));

        Conf.SingleError(result, 5, 19, "max_messages (60) must not exceed window_size (50)");
    }

    [Fact]
    public void Parse_WrongVersion_IsError()
    {
        ConfigLoadResult result = Conf.Parse(Conf.EncryptedTotem.Replace("version: 2", "version: 1", StringComparison.Ordinal) + "\n" + Conf.TwoNodes);

        Conf.SingleError(result, 2, 14, "totem.version: expected 2", "got '1'");
    }

    [Fact]
    public void Parse_MissingClusterName_IsErrorAtSection()
    {
        ConfigLoadResult result = Conf.Parse("""
            totem {
                version: 2
                crypto_cipher: aes256
                crypto_hash: sha256
            }
            """ + "\n" + Conf.TwoNodes);

        Conf.SingleError(result, 1, 1, "totem.cluster_name is missing");
    }

    [Fact]
    public void Parse_InvalidClusterName_ReportsAllowedCharacters()
    {
        ConfigLoadResult result = Conf.Parse(Conf.EncryptedTotem.Replace("cluster_name: test", "cluster_name: a/b", StringComparison.Ordinal) + "\n" + Conf.TwoNodes);

        Conf.SingleError(result, 3, 19, "totem.cluster_name: expected 1 to 64 letters", "got 'a/b'");
    }

    [Fact]
    public void Parse_UnknownKey_WarnsWithSuggestion()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("tokn: 5000"));

        Assert.NotNull(result.Config);
        Conf.HasWarning(result, 5, 5, "unknown key 'tokn' in 'totem' is ignored", "did you mean 'token'?");
        Assert.Equal(3000, result.Config!.Totem.TokenMs);
    }

    [Fact]
    public void Parse_TransposedKey_SuggestsByEditDistance()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("consnesus: 5000"));

        Conf.HasWarning(result, 5, 5, "did you mean 'consensus'?");
    }

    [Fact]
    public void Parse_KeyFromAnotherSection_SaysWhereItBelongs()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("two_node: 1"));

        Conf.HasWarning(result, 5, 5, "unknown key 'two_node' in 'totem'", "it belongs in 'quorum'");
    }

    [Fact]
    public void Parse_UnknownSection_WarnsWithSuggestion()
    {
        ConfigLoadResult result = Conf.Parse(Conf.EncryptedTotem + "\n" + Conf.TwoNodes + "\n" + "loggin {\n}\n");

        Assert.NotNull(result.Config);
        Conf.HasWarning(result, 22, 1, "unknown section 'loggin' at the top level is ignored", "did you mean 'logging'?");
    }

    [Fact]
    public void Parse_DuplicateKey_WarnsAndUsesLastValue()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("token: 4000\n    token: 5000"));

        Conf.HasWarning(result, 6, 5, "totem.token is set twice (first on line 5)", "'5000' is used");
        Assert.Equal(5000, result.Config!.Totem.TokenMs);
    }

    [Fact]
    public void Parse_InlineKey_IsRejectedWithAdvice()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("key: secret"));

        Conf.SingleError(result, 5, 5, "totem.key: inline keys are not supported", "concord keygen");
    }

    [Theory]
    [InlineData("crypto_cipher: aes256", "crypto_hash: sha256", true)]
    [InlineData("crypto_cipher: aes128", "crypto_hash: sha1", true)]
    [InlineData("crypto_cipher: none", "crypto_hash: sha256", true)]
    [InlineData("crypto_cipher: none", "crypto_hash: none", false)]
    [InlineData("secauth: on", "# nothing", true)]
    [InlineData("secauth: off", "# nothing", false)]
    public void Parse_CryptoSettings_DecideEncryption(string first, string second, bool encrypted)
    {
        ConfigLoadResult result = Conf.Parse($$"""
            totem {
                version: 2
                cluster_name: test
                {{first}}
                {{second}}
            }
            {{Conf.TwoNodes}}
            """);

        Assert.NotNull(result.Config);
        Assert.Equal(encrypted, result.Config!.Totem.Encrypted);
    }

    [Fact]
    public void Parse_NoCryptoAtAll_WarnsTrafficIsInTheClear()
    {
        ConfigLoadResult result = Conf.Parse("totem {\n    version: 2\n    cluster_name: test\n}\n" + Conf.TwoNodes);

        Conf.HasWarning(result, 1, 1, "neither encrypted nor authenticated", "concord keygen");
        Assert.False(result.Config!.Totem.Encrypted);
    }

    [Fact]
    public void Parse_BadCipher_ListsCorosyncValues()
    {
        ConfigLoadResult result = Conf.Parse(Conf.EncryptedTotem.Replace("aes256", "aes512", StringComparison.Ordinal) + "\n" + Conf.TwoNodes);

        Conf.SingleError(result, 4, 20, "expected one of none, aes256, aes192, aes128", "got 'aes512'");
    }

    [Fact]
    public void Parse_RelativeKeyFile_IsError()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("keyfile: authkey"));

        Conf.SingleError(result, 5, 14, "totem.keyfile: expected an absolute path");
    }

    [Fact]
    public void Parse_KnetKeys_AreAcceptedAndKept()
    {
        ClusterConfig config = Conf.ParseValid(WithTotemLine("knet_compression_model: zlib"));

        Assert.Contains(new RawSetting("knet_compression_model", "zlib"), config.Totem.OtherSettings);
    }

    [Fact]
    public void Parse_Interfaces_BindPerLinkSettings()
    {
        ClusterConfig config = Conf.ParseValid(WithTotemLine("""
            interface {
                    linknumber: 0
                    bindnetaddr: 192.0.2.0
                    mcastport: 6000
                    knet_link_priority: 20
                    knet_ping_interval: 200
                    knet_ping_timeout: 1000
                    knet_pong_count: 3
                    knet_ping_precision: 64
                }
            """));

        TotemInterface iface = config.Totem.InterfaceFor(0)!;
        Assert.Equal(6000, config.Totem.PortFor(0));
        Assert.Equal("192.0.2.0", iface.BindNetAddr);
        Assert.Equal(20, iface.LinkPriority);
        Assert.Equal(200, iface.PingIntervalMs);
        Assert.Equal(1000, iface.PingTimeoutMs);
        Assert.Equal(3, iface.PongCount);
        Assert.Contains(new RawSetting("knet_ping_precision", "64"), iface.OtherSettings);
    }

    [Fact]
    public void Parse_DuplicateInterfaceLink_IsError()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("interface {\n        linknumber: 0\n    }\n    interface {\n        linknumber: 0\n    }"));

        Conf.SingleError(result, 8, 5, "link 0 is configured twice (first on line 5)");
    }

    [Fact]
    public void Parse_BadBindNetAddr_IsError()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("interface {\n        bindnetaddr: 192.0.2.300\n    }"));

        Conf.SingleError(result, 6, 22, "bindnetaddr: expected an IPv4 or IPv6 address", "got '192.0.2.300'");
    }

    [Fact]
    public void Parse_MulticastInterfaceKeys_WarnIgnored()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("interface {\n        mcastaddr: 239.255.1.1\n    }"));

        Assert.NotNull(result.Config);
        Conf.HasWarning(result, 6, 9, "mcastaddr is ignored", "unicast");
    }

    [Fact]
    public void Parse_RingNumber_IsReadAsLinkNumberWithWarning()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("interface {\n        ringnumber: 0\n        mcastport: 5500\n    }"));

        Conf.HasWarning(result, 6, 9, "ringnumber is the corosync 2 name of 'linknumber'");
        Assert.Equal(5500, result.Config!.Totem.PortFor(0));
    }

    [Fact]
    public void Parse_InterfaceForUnusedLink_Warns()
    {
        ConfigLoadResult result = Conf.Parse(WithTotemLine("interface {\n        linknumber: 3\n    }"));

        Conf.HasWarning(result, 5, 5, "link 3 has no effect", "ring3_addr");
    }

    [Fact]
    public void Parse_TotemTimingKeys_AreAllHonoured()
    {
        ClusterConfig config = Conf.ParseValid(WithTotemLine("""
            token: 5000
                token_coefficient: 0
                token_retransmit: 1000
                token_retransmits_before_loss_const: 5
                hold: 500
                join: 60
                send_join: 10
                consensus: 6000
                merge: 300
                downcheck: 2000
                fail_recv_const: 3000
                seqno_unchanged_const: 40
                miss_count_const: 6
                window_size: 60
                max_messages: 20
                netmtu: 1400
                token_warning: 50
                config_version: 7
                ip_version: ipv4
                link_mode: active
                block_unlisted_ips: no
                cancel_token_hold_on_retransmit: yes
            """));

        TotemSection t = config.Totem;
        Assert.Equal((5000, 0, 1000, 5, 500), (t.TokenMs, t.TokenCoefficientMs, t.TokenRetransmitMs, t.TokenRetransmitsBeforeLossConst, t.HoldMs));
        Assert.Equal((60, 10, 6000, 300, 2000), (t.JoinMs, t.SendJoinMs, t.ConsensusMs, t.MergeMs, t.DowncheckMs));
        Assert.Equal((3000, 40, 6, 60, 20, 1400), (t.FailRecvConst, t.SeqnoUnchangedConst, t.MissCountConst, t.WindowSize, t.MaxMessages, t.NetMtu));
        Assert.Equal((50, 7UL, IpVersion.Ipv4, LinkMode.Active), (t.TokenWarningPercent, t.ConfigVersion, t.IpVersion, t.LinkMode));
        Assert.False(t.BlockUnlistedIps);
        Assert.True(t.CancelTokenHoldOnRetransmit);
    }

    [Fact]
    public void Parse_ConsensusBelowEffectiveTokenOfLargerCluster_Warns()
    {
        string nodes = "nodelist {\n" + string.Concat(Enumerable.Range(1, 4).Select(i =>
            $"    node {{\n        ring0_addr: 192.0.2.{i}\n        nodeid: {i}\n    }}\n")) + "}\n";
        ConfigLoadResult result = Conf.Parse(Conf.EncryptedTotem.Replace("version: 2", "version: 2\n    consensus: 4000", StringComparison.Ordinal) + "\n" + nodes);

        Assert.NotNull(result.Config);
        Conf.HasWarning(result, 3, 16, "below 1.2 × the effective token timeout of this 4-node cluster (4300 ms", "at least 5160 ms");
    }
}
