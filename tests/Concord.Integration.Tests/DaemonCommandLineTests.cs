using System.Diagnostics;
using Concord.ClusterHarness;
using Concord.Cli.Admin;
using Xunit.Abstractions;

namespace Concord.Integration.Tests;

/// <summary>What a sysadmin sees when something is wrong: exit codes and messages, never a stack trace.</summary>
[Trait("Category", "Integration")]
public sealed class DaemonCommandLineTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("concord-cli-").FullName;

    [Fact]
    public void Concordd_MissingConfig_Exits66NamingTheFile()
    {
        string missing = Path.Combine(_dir, "nope.conf");
        var (code, text) = RunDaemon("-t", "-c", missing);
        Assert.Equal(66, code);
        Assert.Contains(missing, text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Concordd_ConsensusBelowToken_Exits65WithFileAndLine()
    {
        string config = Path.Combine(_dir, "bad.conf");
        File.WriteAllText(config, """
            totem {
                cluster_name: lab
                token: 3000
                consensus: 1000
            }
            nodelist {
                node {
                    ring0_addr: 127.0.0.1
                    nodeid: 1
                }
            }
            """);
        var (code, text) = RunDaemon("-t", "-c", config, "-n", "1");
        Assert.Equal(65, code);
        Assert.Matches($"{Regex(config)}:\\d+:\\d+: error: .*consensus", text);
    }

    [Fact]
    public void Concordd_KeyReadableByOthers_Exits77()
    {
        using var cluster = new TestCluster(2, new LoopbackNetwork(), tokenMs: 1000);
        File.SetUnixFileMode(Path.Combine(cluster.Directory, "authkey"), UnixFileMode.UserRead | UnixFileMode.OtherRead);
        var (code, text) = RunDaemon("-c", cluster.ConfigFile, "-n", "1");
        Assert.Equal(77, code);
        Assert.Contains("chmod 0400", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Concordd_ValidConfig_TestModeNamesTheLocalNode()
    {
        using var cluster = new TestCluster(3, new LoopbackNetwork(), tokenMs: 1000);
        var (code, text) = RunDaemon("-t", "-c", cluster.ConfigFile, "-n", "2");
        Assert.Equal(0, code);
        Assert.Contains("node2 (id 2)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ConcordStatus_NoDaemon_Exits69()
    {
        var reply = AdminClient.Request("status", runDirectory: _dir);
        Assert.False(reply.Ok);
        Assert.Equal(69, reply.ExitCode);
        Assert.Contains("not running", reply.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void ConcordStatus_AsUnprivilegedUser_RefusedWith77()
    {
        Skip.IfNot(Shell.IsRoot && Shell.Has("runuser"), "needs root and runuser to act as user nobody");
        using var cluster = new TestCluster(2, new LoopbackNetwork(), tokenMs: 1000);
        cluster.StartAll();
        Eventually.Holds(output, cluster, () => cluster.HaveMembership(1, 2), "2 nodes form");
        // Let nobody reach the socket's directory; the socket itself stays root:root 0660.
        File.SetUnixFileMode(cluster.Directory, (UnixFileMode)0x1ED);
        File.SetUnixFileMode(cluster.RunDir(1), (UnixFileMode)0x1ED);
        string cli = Path.Combine(AppContext.BaseDirectory, "concord.dll");
        var (code, text) = Run("runuser", "-u", "nobody", "--", "env", $"CONCORD_RUN_DIR={cluster.RunDir(1)}",
            "DOTNET_CLI_HOME=/tmp", "HOME=/tmp", "dotnet", cli, "status");
        output.WriteLine(text);
        Assert.Equal(77, code);
        Assert.Contains("permission denied", text, StringComparison.Ordinal);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    private static (int Code, string Text) RunDaemon(params string[] args) =>
        Run("dotnet", [TestCluster.DaemonDll, .. args]);

    private static (int Code, string Text) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(30_000)) process.Kill();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
