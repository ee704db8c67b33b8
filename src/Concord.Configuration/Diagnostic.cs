using System.Globalization;

namespace Concord.Configuration;

/// <summary>How bad a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The file loads, but something is probably not what the author meant.</summary>
    Warning,

    /// <summary>The file cannot be used; <c>concordd</c> refuses to start with it.</summary>
    Error,
}

/// <summary>
/// One problem found in a configuration file, positioned like a compiler message: 1-based line
/// and column of the offending text. <see cref="ToString"/> renders <c>FILE:LINE:COL: error: message</c>.
/// </summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string File, int Line, int Column, string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{File}:{Line}:{Column}: {(IsError ? "error" : "warning")}: {Message}");
}
