namespace Concord.Configuration;

/// <summary>
/// What parsing a corosync.conf produced: the model when there were no errors, and every
/// diagnostic (warnings too) in file order.
/// </summary>
public sealed record ConfigLoadResult(ClusterConfig? Config, EquatableList<Diagnostic> Diagnostics)
{
    /// <summary>Set by <see cref="ConfigParser.Load"/> when the file itself could not be read.</summary>
    public string? ReadFailure { get; init; }

    public bool HasErrors => ReadFailure is not null || Diagnostics.Any(d => d.IsError);

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);
}
