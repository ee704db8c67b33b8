namespace Concord.Configuration;

/// <summary>
/// A key Concord accepts but does not model (knet tuning, corosync-only system knobs, …). It is
/// kept so that writing a parsed file back preserves it.
/// </summary>
public sealed record RawSetting(string Key, string Value);

/// <summary>A section Concord accepts but does not model (<c>system</c>, <c>resources</c>, <c>nozzle</c>, …), kept verbatim.</summary>
public sealed record RawSection(string Name, EquatableList<RawSetting> Settings, EquatableList<RawSection> Sections)
{
    public string? Get(string key)
    {
        string? value = null;
        foreach (RawSetting setting in Settings)
        {
            if (setting.Key == key) value = setting.Value;
        }

        return value;
    }
}
