using Concord.Resources.Cib;

namespace Concord.Resources.Tests;

[Trait("Category", "Unit")]
public sealed class CibParserTests
{
    private const string Minimal = """
        <cib validate-with="pacemaker-3.9" have-quorum="1">
          <configuration>
            <crm_config><cluster_property_set id="o"><nvpair id="o1" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>
            <nodes><node id="1" uname="node1"><instance_attributes id="n1"><nvpair id="n1a" name="rack" value="r1"/></instance_attributes></node></nodes>
            <resources>
              <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
                <instance_attributes id="vip-i"><nvpair id="vip-ip" name="ip" value="10.0.0.1"/></instance_attributes>
                <meta_attributes id="vip-m"><nvpair id="vip-s" name="resource-stickiness" value="100"/></meta_attributes>
                <operations><op id="vip-mon" name="monitor" interval="10s" on-fail="restart"/></operations>
              </primitive>
              <group id="g"><primitive id="a" class="lsb" type="a"/><primitive id="b" class="systemd" type="b"/></group>
            </resources>
            <constraints>
              <rsc_location id="l1" rsc="vip" node="node1" score="-INFINITY"/>
              <rsc_location id="l2" rsc="g"><rule id="r" score="50"><expression id="e" attribute="rack" operation="eq" value="r1"/></rule></rsc_location>
              <rsc_colocation id="c" rsc="g" with-rsc="vip" score="INFINITY"/>
              <rsc_order id="o" first="vip" then="g" kind="Optional"/>
            </constraints>
            <rsc_defaults><meta_attributes id="d"><nvpair id="d1" name="migration-threshold" value="3"/></meta_attributes></rsc_defaults>
          </configuration>
          <status>
            <node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member">
              <transient_attributes id="1"><instance_attributes id="s1"><nvpair id="f" name="fail-count-vip#monitor_10000" value="2"/></instance_attributes></transient_attributes>
              <lrm id="1"><lrm_resources><lrm_resource id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
                <lrm_rsc_op id="vip_last_0" operation_key="vip_start_0" operation="start" transition-key="1:2:0:abc" call-id="5" rc-code="0" op-status="0" interval="0"/>
              </lrm_resource></lrm_resources></lrm>
            </node_state>
          </status>
        </cib>
        """;

    [Fact]
    public void Parse_MinimalCib_ReadsEverySection()
    {
        CibDocument cib = CibParser.Parse(Minimal);

        Assert.Equal("false", cib.ClusterOptions["stonith-enabled"]);
        Assert.Equal("r1", Assert.Single(cib.Nodes).Attributes["rack"]);
        PrimitiveDef vip = Assert.IsType<PrimitiveDef>(cib.Resources[0]);
        Assert.Equal("ocf:heartbeat:IPaddr2", vip.Agent);
        Assert.Equal(10_000, Assert.Single(vip.Ops).IntervalMs);
        Assert.Equal(2, Assert.IsType<GroupDef>(cib.Resources[1]).Children.Count);
        Assert.Equal(Score.MinusInfinity, cib.Locations[0].Score);
        Assert.Equal(50, Assert.Single(cib.Locations[1].Rules).Score);
        Assert.Equal(OrderKind.Optional, Assert.Single(cib.Orders).Kind);
        Assert.Equal("3", cib.RscDefaults["migration-threshold"]);
        NodeState state = Assert.Single(cib.Status);
        Assert.Equal("2", state.Transient["fail-count-vip#monitor_10000"]);
        Assert.Equal(0, Assert.Single(Assert.Single(state.Lrm).Ops).TargetRc);
    }

    [Fact]
    public void WriteThenParse_RoundTrip_KeepsModel()
    {
        CibDocument cib = CibParser.Parse(Minimal);
        CibDocument again = CibParser.Parse(CibWriter.Write(cib));

        Assert.Equal(CibWriter.Write(cib), CibWriter.Write(again));
        Assert.Equal(cib.Resources.Count, again.Resources.Count);
        Assert.Equal(cib.Status[0].Lrm[0].Ops[0].CallId, again.Status[0].Lrm[0].Ops[0].CallId);
    }

    [Theory]
    [InlineData("<cib><configuration><resources><bundle id=\"b\"/></resources></configuration></cib>", "<bundle")]
    [InlineData("<cib><configuration><constraints><rsc_ticket id=\"t\"/></constraints></configuration></cib>", "rsc_ticket")]
    [InlineData("<cib><configuration><resources><primitive id=\"p\" class=\"heartbeat\" type=\"x\"/></resources></configuration></cib>", "class 'heartbeat'")]
    [InlineData("<cib><configuration><resources><primitive id=\"p\" class=\"ocf\" provider=\"h\" type=\"x\"><operations><op id=\"o\" name=\"monitor\" interval=\"soon\"/></operations></primitive></resources></configuration></cib>", "interval=\"soon\"")]
    [InlineData("<cib><configuration><constraints><rsc_location id=\"l\" rsc=\"p\" node=\"n\" score=\"lots\"/></constraints></configuration></cib>", "score=\"lots\"")]
    [InlineData("<cib><configuration><crm_config><cluster_property_set id=\"o\"><rule id=\"r\"/></cluster_property_set></crm_config></configuration></cib>", "rules inside")]
    public void Parse_UnsupportedOrInvalidElement_ThrowsNamingIt(string xml, string expected)
    {
        CibException ex = Assert.Throws<CibException>(() => CibParser.Parse(xml));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedXml_ReportsLine()
    {
        CibException ex = Assert.Throws<CibException>(() => CibParser.Parse("<cib>\n<configuration>\n</cib>"));

        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IgnoredSection_AddsWarning()
    {
        CibDocument cib = CibParser.Parse("<cib><configuration><nodes><node id=\"1\" uname=\"n\"><utilization id=\"u\"/></node></nodes></configuration></cib>");

        Assert.Contains(cib.Warnings, w => w.Contains("utilization", StringComparison.Ordinal));
    }
}
