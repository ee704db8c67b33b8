namespace Concord.Cli.Tests;

[Trait("Category", "Unit")]
public sealed class ConfigCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("concord-cli-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string text)
    {
        string path = Path.Combine(_directory, "corosync.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Valid = """
        totem {
            version: 2
            cluster_name: mycluster
            transport: knet
            crypto_cipher: aes256
            crypto_hash: sha256
        }

        nodelist {
            node {
                ring0_addr: node1
                name: node1
                nodeid: 1
            }

            node {
                ring0_addr: node2
                name: node2
                nodeid: 2
            }
        }

        quorum {
            provider: corosync_votequorum
            two_node: 1
        }
        """;

    [Fact]
    public void ConfigCheck_ValidFile_ExitsZeroWithSummary()
    {
        string path = Write(Valid);

        var (exitCode, output, error) = CliRunner.Run("config", "check", path);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal($"{path}: valid: cluster 'mycluster', 2 nodes, 1 link, encrypted (AES-256-GCM), votequorum, 2 expected votes; 0 warnings\n", output);
        Assert.Empty(error);
    }

    [Fact]
    public void ConfigCheck_WarningsOnly_ExitsZeroAndPrintsThem()
    {
        string path = Write(Valid.Replace("    transport: knet", "    tokn: 5000", StringComparison.Ordinal));

        var (exitCode, output, _) = CliRunner.Run("config", "check", path);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.StartsWith($"{path}:4:5: warning: unknown key 'tokn' in 'totem' is ignored; did you mean 'token'?\n", output, StringComparison.Ordinal);
        Assert.Contains("1 warning\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigCheck_Errors_Exits65WithFileLineColumn()
    {
        string path = Write(Valid.Replace("transport: knet", "transport: udp", StringComparison.Ordinal).Replace("nodeid: 2", "nodeid: 1", StringComparison.Ordinal));

        var (exitCode, output, _) = CliRunner.Run("config", "check", path);

        Assert.Equal(ExitCodes.DataError, exitCode);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"{path}:4:16: error: totem.transport: 'udp' (multicast) is not supported", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{path}:19:17: error: nodelist.node.nodeid: 1 is already used by node 'node1'", lines[1], StringComparison.Ordinal);
        Assert.Equal($"{path}: 2 errors, 0 warnings; concordd would refuse this file", lines[^1]);
    }

    [Fact]
    public void ConfigCheck_UnbalancedBraces_Exits65()
    {
        string path = Write(Valid + "\n}\n");

        var (exitCode, output, _) = CliRunner.Run("config", "check", path);

        Assert.Equal(ExitCodes.DataError, exitCode);
        Assert.Contains($"{path}:27:1: error: unexpected '}}'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigCheck_MissingFile_Exits66()
    {
        string path = Path.Combine(_directory, "absent.conf");

        var (exitCode, output, error) = CliRunner.Run("config", "check", path);

        Assert.Equal(ExitCodes.NoInput, exitCode);
        Assert.Empty(output);
        Assert.Equal($"concord: cannot read {path}: no such file\n", error);
    }

    [Fact]
    public void ConfigCheck_Directory_Exits66()
    {
        var (exitCode, _, error) = CliRunner.Run("config", "check", _directory);

        Assert.Equal(ExitCodes.NoInput, exitCode);
        Assert.Contains("directory", error, StringComparison.Ordinal);
    }
}
