using System.Globalization;

namespace Concord.Host;

/// <summary>
/// The highest ring sequence this node used, kept on disk (corosync's ringid file) so a restart
/// never reuses a ring id; and the incarnation counter, bumped at every start.
/// </summary>
internal static class RingSequenceFile
{
    private const string RingFile = "ringid";
    private const string IncarnationFile = "incarnation";

    public static ulong Read(string directory) => ReadNumber(Path.Combine(directory, RingFile));

    public static void Write(string directory, ulong sequence) => WriteNumber(Path.Combine(directory, RingFile), sequence);

    public static uint NextIncarnation(string directory)
    {
        string path = Path.Combine(directory, IncarnationFile);
        uint next = (uint)Math.Min(uint.MaxValue, ReadNumber(path) + 1);
        WriteNumber(path, next);
        return next;
    }

    private static ulong ReadNumber(string path)
    {
        try
        {
            return ulong.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Write-then-rename so a crash never leaves a torn file.</summary>
    private static void WriteNumber(string path, ulong value)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, value.ToString(CultureInfo.InvariantCulture));
        File.Move(temp, path, overwrite: true);
    }
}
