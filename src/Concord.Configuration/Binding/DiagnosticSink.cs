using Concord.Configuration.Syntax;

namespace Concord.Configuration.Binding;

/// <summary>Collects diagnostics for one file, with helpers that point at an entry's key or value.</summary>
internal sealed class DiagnosticSink(string file, List<Diagnostic> diagnostics)
{
    public string File { get; } = file;

    public List<Diagnostic> Diagnostics { get; } = diagnostics;

    public void Error(int line, int column, string message) =>
        Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, File, line, column, message));

    public void Warning(int line, int column, string message) =>
        Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, File, line, column, message));

    public void ErrorAtValue(SyntaxEntry entry, string message) => Error(entry.Line, entry.ValueColumn, message);

    public void WarningAtValue(SyntaxEntry entry, string message) => Warning(entry.Line, entry.ValueColumn, message);

    public void ErrorAtKey(SyntaxEntry entry, string message) => Error(entry.Line, entry.KeyColumn, message);

    public void WarningAtKey(SyntaxEntry entry, string message) => Warning(entry.Line, entry.KeyColumn, message);

    public void ErrorAt(SyntaxSection section, string message) => Error(section.Line, section.Column, message);

    public void WarningAt(SyntaxSection section, string message) => Warning(section.Line, section.Column, message);
}
