using Concord.Host.Admin;

namespace Concord.Host.Tests;

[Trait("Category", "Unit")]
public sealed class PeerCredentialsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("concord-peercred-").FullName;
    private readonly string _group;
    private readonly string _passwd;

    public PeerCredentialsTests()
    {
        _group = Path.Combine(_dir, "group");
        _passwd = Path.Combine(_dir, "passwd");
        File.WriteAllLines(_group, ["root:x:0:", "haclient:x:189:alice", "web:x:500:"]);
        File.WriteAllLines(_passwd, ["root:x:0:0::/root:/bin/sh", "alice:x:1000:1000::/home/alice:/bin/sh", "bob:x:1001:1001::/home/bob:/bin/sh"]);
    }

    [Theory]
    [InlineData(0u, 0u, true)]        // root
    [InlineData(1001u, 189u, true)]   // primary group haclient
    [InlineData(1000u, 1000u, true)]  // alice is a supplementary member of haclient
    [InlineData(1001u, 1001u, false)] // bob is neither
    public void IsAllowed_RootOrHaclient_OnlyThose(uint uid, uint gid, bool allowed) =>
        Assert.Equal(allowed, PeerCredentials.IsAllowed(uid, gid, _group, _passwd));

    [Fact]
    public void ExtraGrants_NamesAndNumbers_ResolveToIds()
    {
        var (uids, gids) = PeerCredentials.ExtraGrants([("bob", "web"), ("2000", null), (null, "777"), ("nosuchuser", "nosuchgroup")], _group, _passwd);
        Assert.Equal(new HashSet<uint> { 1001, 2000 }, uids);
        Assert.Equal(new HashSet<uint> { 500, 777 }, gids);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
