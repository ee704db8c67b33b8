using System.Globalization;
using System.Reflection;

namespace Concord.Resources.Tests.Differential;

/// <summary>Named generator profiles for stress runs: "clones", or "Name=value,..." overrides of the default profile
/// (e.g. "MultiplyActiveChance=1,StopAllChance=0.5"), optionally after "clones,".</summary>
public static class GeneratorProfiles
{
    public static GeneratorProfile Parse(string spec)
    {
        GeneratorProfile profile = GeneratorProfile.Default with { };
        foreach (string part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "clones")
            {
                profile = GeneratorProfile.CloneHeavy with { };
                continue;
            }
            string[] kv = part.Split('=', 2);
            PropertyInfo prop = typeof(GeneratorProfile).GetProperty(kv.Length == 2 ? kv[0] : string.Empty)
                ?? throw new ArgumentException($"unknown profile setting '{part}'", nameof(spec));
            object value = Convert.ChangeType(kv[1], prop.PropertyType, CultureInfo.InvariantCulture);
            // A fresh copy per setting: the record's init-only setters are only called on copies nobody else holds.
            profile = profile with { };
            prop.SetValue(profile, value);
        }
        return profile;
    }
}
