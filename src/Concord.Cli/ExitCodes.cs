namespace Concord.Cli;

/// <summary>
/// Exit codes of the `concord` command, documented in docs/configuration.md. They follow
/// sysexits(3) where one fits, and corosync-quorumtool where scripts already depend on it.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The command ran but the answer is "no" (e.g. a check found problems).</summary>
    public const int Failure = 1;
    /// <summary>The cluster is not quorate (as corosync-quorumtool -s).</summary>
    public const int NotQuorate = 2;
    /// <summary>Bad command line (EX_USAGE).</summary>
    public const int Usage = 64;
    /// <summary>An input file is invalid: configuration, CIB XML (EX_DATAERR).</summary>
    public const int DataError = 65;
    /// <summary>An input file does not exist or cannot be read (EX_NOINPUT).</summary>
    public const int NoInput = 66;
    /// <summary>The daemon is not running or its admin socket is unreachable (EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;
    /// <summary>An internal error: a bug, please report it (EX_SOFTWARE).</summary>
    public const int Software = 70;
    /// <summary>A file could not be created or written (EX_CANTCREAT).</summary>
    public const int CantCreate = 73;
    /// <summary>The admin socket refused us: not root or in the haclient group (EX_NOPERM).</summary>
    public const int NoPermission = 77;
}
