namespace Concord.Configuration.Tests;

[Trait("Category", "Unit")]
public sealed class PcsFixtureTests
{
    [Fact]
    public void Parse_PcsTwoNodeConfig_LoadsWithoutDiagnostics()
    {
        ConfigLoadResult result = ConfigParser.Parse(Conf.Fixture("pcs-two-node.conf"), "corosync.conf");

        Assert.Empty(result.Diagnostics);
        ClusterConfig config = Assert.IsType<ClusterConfig>(result.Config);
        Assert.Equal(2, config.Totem.Version);
        Assert.Equal("mycluster", config.Totem.ClusterName);
        Assert.Equal(TransportKind.Knet, config.Totem.Transport);
        Assert.Equal(CryptoCipher.Aes256, config.Totem.CryptoCipher);
        Assert.Equal(CryptoHash.Sha256, config.Totem.CryptoHash);
        Assert.True(config.Totem.Encrypted);
        Assert.Equal(2, config.Nodes.Count);
        Assert.Equal("node1", config.Nodes[0].Name);
        Assert.Equal("node1", config.Nodes[0].AddressOf(0));
        Assert.Equal(AddressKind.HostName, NodeAddress.Classify(config.Nodes[0].AddressOf(0)));
        Assert.Equal(1u, config.Nodes[0].NodeId);
        Assert.Equal(2u, config.Nodes[1].NodeId);
        Assert.True(config.Quorum.Enabled);
        Assert.True(config.Quorum.TwoNode);
        Assert.True(config.Quorum.EffectiveWaitForAll);
        Assert.True(config.Logging.EffectiveToLogFile);
        Assert.Equal("/var/log/cluster/corosync.log", config.Logging.Targets.LogFile);
        Assert.True(config.Logging.EffectiveToSyslog);
        Assert.Equal(TimestampMode.On, config.Logging.EffectiveTimestamp);
    }

    [Fact]
    public void Parse_PcsTwoNodeConfig_HasCorosyncDefaults()
    {
        ClusterConfig config = Conf.ParseValid(Conf.Fixture("pcs-two-node.conf"));
        TotemSection totem = config.Totem;

        Assert.Equal(3000, totem.TokenMs);
        Assert.Equal(650, totem.TokenCoefficientMs);
        Assert.Equal(3600, config.EffectiveConsensusMs);
        Assert.Equal(50, totem.JoinMs);
        Assert.Equal(200, totem.MergeMs);
        Assert.Equal(180, config.EffectiveHoldMs);
        Assert.Equal(1000, totem.DowncheckMs);
        Assert.Equal(2500, totem.FailRecvConst);
        Assert.Equal(30, totem.SeqnoUnchangedConst);
        Assert.Equal(50, totem.WindowSize);
        Assert.Equal(17, totem.MaxMessages);
        Assert.Equal(1500, totem.NetMtu);
        Assert.Equal(4, totem.TokenRetransmitsBeforeLossConst);
        Assert.Equal(714, config.EffectiveTokenRetransmitMs);
        Assert.Equal(5405, totem.PortFor(0));
        Assert.Equal(TotemSection.DefaultKeyFile, totem.EffectiveKeyFile);
        Assert.Equal(1, config.LinkCount);
        Assert.Equal(2, config.EffectiveExpectedVotes);
    }

    [Fact]
    public void Parse_PcsThreeNodeTwoLinkConfig_LoadsWithoutDiagnostics()
    {
        ConfigLoadResult result = ConfigParser.Parse(Conf.Fixture("pcs-three-node-two-links.conf"), "corosync.conf");

        Assert.Empty(result.Diagnostics);
        ClusterConfig config = result.Config!;
        Assert.Equal(3, config.Nodes.Count);
        Assert.Equal(2, config.LinkCount);
        Assert.Equal("10.0.0.12", config.Nodes[1].AddressOf(1));
        Assert.Equal(10, config.Totem.InterfaceFor(0)!.LinkPriority);
        Assert.Equal(5405, config.Totem.PortFor(0));
        Assert.Equal(5500, config.Totem.PortFor(1));
        Assert.Equal(10_650, config.EffectiveTokenMs);
        Assert.Equal(12_780, config.EffectiveConsensusMs);
        Assert.Contains(new RawSetting("cluster_uuid", "1cbd4a3e1c6b4bd0ae3d6c4a0d4e9f21"), config.Totem.OtherSettings);
        Assert.True(config.Quorum.AutoTieBreaker);
        Assert.Equal(TieBreakerMode.Lowest, config.Quorum.AutoTieBreakerMode);
        LoggerSubsys subsys = Assert.Single(config.Logging.Subsystems);
        Assert.Equal("QUORUM", subsys.Subsys);
        Assert.Equal(DebugLevel.Off, subsys.Targets.Debug);
    }

    [Theory]
    [InlineData("pcs-two-node.conf")]
    [InlineData("pcs-three-node-two-links.conf")]
    public void WriteThenParse_PcsFixture_RoundTripsToEqualModel(string fixture)
    {
        ClusterConfig original = Conf.ParseValid(Conf.Fixture(fixture));

        string written = ConfigWriter.Write(original);
        ConfigLoadResult reparsed = ConfigParser.Parse(written, "written.conf");

        Assert.Empty(reparsed.Diagnostics);
        Assert.Equal(original, reparsed.Config);
        Assert.Equal(written, ConfigWriter.Write(reparsed.Config!));
    }

    [Fact]
    public void Write_PcsTwoNodeConfig_ReproducesPcsLayout()
    {
        string written = ConfigWriter.Write(Conf.ParseValid(Conf.Fixture("pcs-two-node.conf")));

        Assert.Equal(Conf.Fixture("pcs-two-node.conf"), written);
    }

    [Fact]
    public void Load_FixtureFile_ParsesAndNamesFile()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pcs-two-node.conf");

        ConfigLoadResult result = ConfigParser.Load(path);

        Assert.Null(result.ReadFailure);
        Assert.NotNull(result.Config);
    }

    [Fact]
    public void Load_MissingFile_ReportsReadFailureWithoutThrowing()
    {
        ConfigLoadResult result = ConfigParser.Load("/nonexistent/concord/corosync.conf");

        Assert.True(result.HasErrors);
        Assert.Null(result.Config);
        Assert.Contains("no such file", result.ReadFailure, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Directory_ReportsReadFailure()
    {
        ConfigLoadResult result = ConfigParser.Load(AppContext.BaseDirectory);

        Assert.Contains("directory", result.ReadFailure, StringComparison.Ordinal);
    }
}
