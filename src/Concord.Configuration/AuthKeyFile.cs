namespace Concord.Configuration;

public enum AuthKeyWriteStatus
{
    Written,
    /// <summary>The file exists and overwriting was not asked for.</summary>
    AlreadyExists,
    Failed,
}

public sealed record AuthKeyWriteResult(AuthKeyWriteStatus Status, string? Error = null);

/// <summary>The key, or why it could not be used; <see cref="Warning"/> flags loose permissions.</summary>
public sealed record AuthKeyReadResult(byte[]? Key, string? Error = null, string? Warning = null);

/// <summary>
/// Reads and writes the authkey file. Written files are created with mode 0400 (owner read only)
/// through a temporary file in the same directory and an atomic rename, so a crash never leaves a
/// half-written key and the key is never readable by others, even briefly.
/// </summary>
public static class AuthKeyFile
{
    public const UnixFileMode Mode = UnixFileMode.UserRead;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static AuthKeyWriteResult Write(string path, ReadOnlySpan<byte> key, bool overwrite)
    {
        if (AuthKey.Validate(key) is string invalid) return new AuthKeyWriteResult(AuthKeyWriteStatus.Failed, invalid);
        if (OperatingSystem.IsWindows()) return new AuthKeyWriteResult(AuthKeyWriteStatus.Failed, NotOnWindows);
        if (!overwrite && (File.Exists(path) || Directory.Exists(path)))
        {
            return new AuthKeyWriteResult(AuthKeyWriteStatus.AlreadyExists, $"{path} already exists");
        }

        string? temp = null;
        try
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                    UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Path.GetRandomFileName()}.tmp");
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(key);
                stream.Flush(flushToDisk: true);
            }

            File.SetUnixFileMode(temp, Mode);
            File.Move(temp, path, overwrite);
            temp = null;
            return new AuthKeyWriteResult(AuthKeyWriteStatus.Written);
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            return new AuthKeyWriteResult(AuthKeyWriteStatus.AlreadyExists, $"{path} already exists");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new AuthKeyWriteResult(AuthKeyWriteStatus.Failed, $"cannot write {path}: {ex.Message}");
        }
        finally
        {
            if (temp is not null) TryDelete(temp);
        }
    }

    public static AuthKeyReadResult Read(string path)
    {
        if (OperatingSystem.IsWindows()) return new AuthKeyReadResult(null, NotOnWindows);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return new AuthKeyReadResult(null, $"cannot read {path}: no such file (create it with 'concord keygen')");
            if (info.Length is < AuthKey.BytesMin or > AuthKey.BytesMax)
            {
                return new AuthKeyReadResult(null, $"{path}: {AuthKey.Validate(new byte[Math.Min(info.Length, AuthKey.BytesMax + 1)])}");
            }

            byte[] key = File.ReadAllBytes(path);
            if (AuthKey.Validate(key) is string invalid) return new AuthKeyReadResult(null, $"{path}: {invalid}");
            UnixFileMode mode = File.GetUnixFileMode(path);
            string? warning = (mode & GroupOrOther) != 0
                ? $"{path} is readable or writable by other users (mode {ModeText(mode)}); run 'chmod 0400 {path}'"
                : null;
            return new AuthKeyReadResult(key, null, warning);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new AuthKeyReadResult(null, $"cannot read {path}: {ex.Message}");
        }
    }

    private const string NotOnWindows = "authkey files need Unix permissions; Concord runs on Linux";

    private static string ModeText(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // best effort: a stray temporary file is harmless and named after the key file
        }
    }
}
