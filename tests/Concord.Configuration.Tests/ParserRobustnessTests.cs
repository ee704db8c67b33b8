using CsCheck;

namespace Concord.Configuration.Tests;

[Trait("Category", "Unit")]
public sealed class ParserRobustnessTests
{
    private static readonly string[] Fragments =
    [
        "totem", "nodelist", "node", "quorum", "logging", "interface", "logger_subsys", "{", "}", ":", "#", "\"", "'", "\\",
        " ", "\t", "\n", "\r\n", "token", "nodeid", "ring0_addr", "ring1_addr", "two_node", "0", "1", "4294967296", "-1",
        "192.0.2.1", "::1", "yes", "udp", "knet", "consensus", "=", "\0", "é", "subsys", "auto_tie_breaker_node",
    ];

    [Fact]
    public void Parse_RandomConfigLikeText_NeverThrows()
    {
        Gen.Int[0, Fragments.Length - 1].Array[0, 200]
            .Select(indexes => string.Concat(indexes.Select(i => Fragments[i])))
            .Sample(text =>
            {
                ConfigLoadResult result = ConfigParser.Parse(text, "fuzz.conf");
                Assert.All(result.Diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString()));
                Assert.Equal(result.Config is null, result.HasErrors);
            }, iter: 2000);
    }

    [Fact]
    public void Parse_RandomUnicode_NeverThrows()
    {
        Gen.String.Sample(text => ConfigParser.Parse(text, "fuzz.conf"), iter: 2000);
    }

    [Fact]
    public void Parse_MutatedFixture_NeverThrows()
    {
        string fixture = Conf.Fixture("pcs-three-node-two-links.conf");
        Gen.Select(Gen.Int[0, fixture.Length - 1], Gen.Int[0, 20], Gen.Char)
            .Sample((at, delete, insert) =>
            {
                int length = Math.Min(delete, fixture.Length - at);
                string mutated = fixture.Remove(at, length).Insert(at, insert.ToString());
                ConfigParser.Parse(mutated, "fuzz.conf");
            }, iter: 3000);
    }
}
