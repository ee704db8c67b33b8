using System.Globalization;
using Concord.Configuration.Syntax;

namespace Concord.Configuration.Binding;

/// <summary>
/// Reads one section against its <see cref="SectionSchema"/>: reports unknown, duplicate and
/// rejected keys once, keeps accepted-but-unmodelled keys, and offers typed getters that report
/// a malformed value at its line and column and return null (so callers fall back to defaults).
/// </summary>
internal sealed class SectionReader
{
    private readonly Dictionary<string, SyntaxEntry> _modelled = new(StringComparer.Ordinal);
    private readonly List<RawSetting> _kept = [];
    private readonly Dictionary<string, SyntaxEntry> _keptEntries = new(StringComparer.Ordinal);
    private readonly List<SectionReader> _children = [];
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public SectionReader(SyntaxSection syntax, SectionSchema schema, DiagnosticSink sink)
    {
        Syntax = syntax;
        Schema = schema;
        Sink = sink;
        if (schema.SectionWarning is not null) sink.WarningAt(syntax, schema.SectionWarning);
        foreach (object item in syntax.Items)
        {
            if (item is SyntaxEntry entry) Accept(entry);
            else if (item is SyntaxSection child) AcceptSection(child);
        }
    }

    public SyntaxSection Syntax { get; }

    public SectionSchema Schema { get; }

    public DiagnosticSink Sink { get; }

    public string Path => Schema.Path;

    public EquatableList<RawSetting> Kept => new(_kept);

    /// <summary>Recognised child sections with this name, in file order.</summary>
    public IEnumerable<SectionReader> Children(string name) => _children.Where(c => c.Syntax.Name == name);

    /// <summary>Recognised child sections other than the listed (modelled) names, as verbatim raw sections.</summary>
    public EquatableList<RawSection> RawChildren(params string[] modelledNames) =>
        new(_children.Where(c => !modelledNames.Contains(c.Syntax.Name)).Select(c => c.ToRaw()));

    public RawSection ToRaw() => new(Syntax.Name, Kept, RawChildren());

    public SyntaxEntry? Entry(string key) => _modelled.GetValueOrDefault(key);

    /// <summary>The last entry of a key that is kept verbatim rather than modelled.</summary>
    public SyntaxEntry? KeptEntry(string key) => _keptEntries.GetValueOrDefault(key);

    public string? String(string key) => Entry(key)?.Value;

    public int? Int(string key, int min, int max, string unit)
    {
        if (Entry(key) is not SyntaxEntry entry) return null;
        if (int.TryParse(entry.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            && value >= min && value <= max)
        {
            return value;
        }

        string range = max == int.MaxValue ? $"{min} or more" : $"between {min} and {max}";
        ReportOnce(entry, $"{Path}.{key}: expected a whole number of {unit} {range}, got '{entry.Value}'");
        return null;
    }

    public ulong? ULong(string key, ulong min, ulong max, string unit)
    {
        if (Entry(key) is not SyntaxEntry entry) return null;
        if (ulong.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            && value >= min && value <= max)
        {
            return value;
        }

        ReportOnce(entry, $"{Path}.{key}: expected a whole number of {unit} between {min} and {max}, got '{entry.Value}'");
        return null;
    }

    public bool? Bool(string key)
    {
        if (Entry(key) is not SyntaxEntry entry) return null;
        bool? value = entry.Value.ToLowerInvariant() switch
        {
            "yes" or "on" or "true" or "1" => true,
            "no" or "off" or "false" or "0" => false,
            _ => null,
        };
        if (value is null)
        {
            ReportOnce(entry, $"{Path}.{key}: expected yes or no (also on/off, 1/0), got '{entry.Value}'");
        }

        return value;
    }

    public T? Choice<T>(string key, params (string Text, T Value)[] choices)
        where T : struct
    {
        if (Entry(key) is not SyntaxEntry entry) return null;
        foreach ((string text, T value) in choices)
        {
            if (string.Equals(text, entry.Value, StringComparison.OrdinalIgnoreCase)) return value;
        }

        string allowed = string.Join(", ", choices.Select(c => c.Text));
        string? guess = Suggestions.Closest(entry.Value, choices.Select(c => c.Text));
        string hint = guess is null ? string.Empty : $"; did you mean '{guess}'?";
        ReportOnce(entry, $"{Path}.{key}: expected one of {allowed}, got '{entry.Value}'{hint}");
        return null;
    }

    /// <summary>Getters may be called more than once for the same key; its value error is reported once.</summary>
    private void ReportOnce(SyntaxEntry entry, string message)
    {
        if (_reported.Add(entry.Key)) Sink.ErrorAtValue(entry, message);
    }

    private void Accept(SyntaxEntry entry)
    {
        KeyRule? rule = Schema.Rule(entry.Key);
        switch (rule?.Use)
        {
            case null:
                Sink.WarningAtKey(entry, UnknownKeyMessage(entry.Key));
                return;
            case KeyUse.Rejected:
                Sink.ErrorAtKey(entry, $"{Path}.{entry.Key}: {rule.Note}");
                return;
            case KeyUse.KeptWithWarning:
                Sink.WarningAtKey(entry, $"{Path}.{entry.Key} {rule.Note}");
                Keep(entry);
                return;
            case KeyUse.Kept:
                Keep(entry);
                return;
            default:
                if (_modelled.TryGetValue(entry.Key, out SyntaxEntry? earlier))
                {
                    Sink.WarningAtKey(entry, $"{Path}.{entry.Key} is set twice (first on line {earlier.Line}): the later value '{entry.Value}' is used");
                }

                _modelled[entry.Key] = entry;
                return;
        }
    }

    private void Keep(SyntaxEntry entry)
    {
        _kept.Add(new RawSetting(entry.Key, entry.Value));
        _keptEntries[entry.Key] = entry;
    }

    private void AcceptSection(SyntaxSection child)
    {
        SectionSchema? childSchema = Schema.Section(child.Name);
        if (childSchema is not null)
        {
            _children.Add(new SectionReader(child, childSchema, Sink));
            return;
        }

        string where = Path.Length == 0 ? "at the top level" : $"inside '{Path}'";
        string? guess = Suggestions.Closest(child.Name, Schema.Sections.Keys);
        string hint;
        if (guess is not null)
        {
            hint = $"; did you mean '{guess}'?";
        }
        else if (Path.Length > 0 && global::Concord.Configuration.Binding.Schema.Root.Sections.ContainsKey(child.Name))
        {
            hint = $"; '{child.Name}' is a top-level section (check for a missing '}}' above)";
        }
        else
        {
            string known = string.Join(", ", Schema.Sections.Keys.Select(k => $"'{k}'"));
            hint = known.Length == 0 ? $"; '{Path}' has no subsections" : $"; expected one of {known}";
        }

        Sink.WarningAt(child, $"unknown section '{child.Name}' {where} is ignored{hint}");
    }

    private string UnknownKeyMessage(string key)
    {
        string where = Path.Length == 0 ? "at the top level (keys belong inside a section)" : $"in '{Path}'";
        string? guess = Suggestions.Closest(key, Schema.Keys.Keys);
        if (guess is not null) return $"unknown key '{key}' {where} is ignored; did you mean '{guess}'?";
        IReadOnlyList<string> elsewhere = global::Concord.Configuration.Binding.Schema.SectionsWithKey(key);
        if (elsewhere.Count > 0) return $"unknown key '{key}' {where} is ignored; it belongs in '{elsewhere[0]}'";
        return $"unknown key '{key}' {where} is ignored";
    }
}
