using System.Runtime.Versioning;

namespace Concord.Cli.Tests;

[Trait("Category", "Unit")]
[SupportedOSPlatform("linux")]
public sealed class KeygenCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("concord-cli-keygen-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Keygen_NewPath_Writes256BytesMode0400()
    {
        string path = Path.Combine(_directory, "etc", "authkey");

        var (exitCode, output, error) = CliRunner.Run("keygen", "-k", path);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Empty(error);
        Assert.Contains($"Wrote a 256-byte authkey to {path} (mode 0400)", output, StringComparison.Ordinal);
        Assert.Equal(256, new FileInfo(path).Length);
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Keygen_ExistingKeyWithoutForce_Exits73AndKeepsKey()
    {
        string path = Path.Combine(_directory, "authkey");
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("keygen", "--key-file", path).ExitCode);
        byte[] original = File.ReadAllBytes(path);

        var (exitCode, _, error) = CliRunner.Run("keygen", "-k", path);

        Assert.Equal(ExitCodes.CantCreate, exitCode);
        Assert.Contains("already exists", error, StringComparison.Ordinal);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void Keygen_ExistingKeyWithForce_ReplacesKey()
    {
        string path = Path.Combine(_directory, "authkey");
        CliRunner.Run("keygen", "-k", path);
        byte[] original = File.ReadAllBytes(path);

        var (exitCode, _, _) = CliRunner.Run("keygen", "-k", path, "--force");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.NotEqual(original, File.ReadAllBytes(path));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Keygen_UnwritableLocation_Exits73()
    {
        string blocker = Path.Combine(_directory, "file");
        File.WriteAllText(blocker, "not a directory");

        var (exitCode, _, error) = CliRunner.Run("keygen", "-k", Path.Combine(blocker, "authkey"));

        Assert.Equal(ExitCodes.CantCreate, exitCode);
        Assert.StartsWith("concord: cannot write", error, StringComparison.Ordinal);
    }
}
