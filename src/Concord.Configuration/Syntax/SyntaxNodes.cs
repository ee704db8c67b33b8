namespace Concord.Configuration.Syntax;

/// <summary>A <c>key: value</c> line. Positions are 1-based.</summary>
internal sealed record SyntaxEntry(string Key, string Value, bool Quoted, int Line, int KeyColumn, int ValueColumn);

/// <summary>A <c>name { ... }</c> block; the root of a file is an unnamed section.</summary>
internal sealed class SyntaxSection(string name, int line, int column)
{
    public string Name { get; } = name;

    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary><see cref="SyntaxEntry"/> and <see cref="SyntaxSection"/> items in file order.</summary>
    public List<object> Items { get; } = [];

    public IEnumerable<SyntaxEntry> Entries => Items.OfType<SyntaxEntry>();

    public IEnumerable<SyntaxSection> Sections => Items.OfType<SyntaxSection>();
}
