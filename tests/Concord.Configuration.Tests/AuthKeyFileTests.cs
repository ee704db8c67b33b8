using System.Runtime.Versioning;

namespace Concord.Configuration.Tests;

[Trait("Category", "Unit")]
[SupportedOSPlatform("linux")]
public sealed class AuthKeyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("concord-authkey-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Generate_Default_Is256RandomBytes()
    {
        byte[] a = AuthKey.Generate();
        byte[] b = AuthKey.Generate();

        Assert.Equal(256, a.Length);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData(127)]
    [InlineData(4097)]
    public void Generate_OutOfRange_Throws(int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AuthKey.Generate(length));
    }

    [Fact]
    public void Write_NewFile_CreatesMode0400AndReadsBack()
    {
        string path = Path.Combine(_directory, "sub", "authkey");
        byte[] key = AuthKey.Generate();

        AuthKeyWriteResult written = AuthKeyFile.Write(path, key, overwrite: false);
        AuthKeyReadResult read = AuthKeyFile.Read(path);

        Assert.Equal(AuthKeyWriteStatus.Written, written.Status);
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(path));
        Assert.Equal(key, read.Key);
        Assert.Null(read.Warning);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Write_ExistingFileWithoutOverwrite_RefusesAndKeepsKey()
    {
        string path = Path.Combine(_directory, "authkey");
        byte[] first = AuthKey.Generate();
        AuthKeyFile.Write(path, first, overwrite: false);

        AuthKeyWriteResult second = AuthKeyFile.Write(path, AuthKey.Generate(), overwrite: false);

        Assert.Equal(AuthKeyWriteStatus.AlreadyExists, second.Status);
        Assert.Equal(first, AuthKeyFile.Read(path).Key);
    }

    [Fact]
    public void Write_ExistingReadOnlyFileWithOverwrite_ReplacesKey()
    {
        string path = Path.Combine(_directory, "authkey");
        AuthKeyFile.Write(path, AuthKey.Generate(), overwrite: false);
        byte[] replacement = AuthKey.Generate(512);

        AuthKeyWriteResult result = AuthKeyFile.Write(path, replacement, overwrite: true);

        Assert.Equal(AuthKeyWriteStatus.Written, result.Status);
        Assert.Equal(replacement, AuthKeyFile.Read(path).Key);
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Read_WorldReadableKey_Warns()
    {
        string path = Path.Combine(_directory, "authkey");
        File.WriteAllBytes(path, AuthKey.Generate());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        AuthKeyReadResult read = AuthKeyFile.Read(path);

        Assert.NotNull(read.Key);
        Assert.Contains("mode 0644", read.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(5000)]
    public void Read_WrongLength_IsError(int length)
    {
        string path = Path.Combine(_directory, "authkey");
        File.WriteAllBytes(path, new byte[length]);

        AuthKeyReadResult read = AuthKeyFile.Read(path);

        Assert.Null(read.Key);
        Assert.Contains("128 to 4096 bytes", read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Missing_SuggestsKeygen()
    {
        AuthKeyReadResult read = AuthKeyFile.Read(Path.Combine(_directory, "nope"));

        Assert.Contains("concord keygen", read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_InvalidLength_Fails()
    {
        Assert.Equal(AuthKeyWriteStatus.Failed, AuthKeyFile.Write(Path.Combine(_directory, "k"), new byte[10], overwrite: false).Status);
    }
}
