using System.Runtime.CompilerServices;
using Concord.Configuration.Binding;

namespace Concord.Configuration.Tests;

/// <summary>docs/configuration.md must describe every key and section the parser knows.</summary>
[Trait("Category", "Unit")]
public sealed class DocumentationTests
{
    private static string Docs([CallerFilePath] string path = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "docs", "configuration.md"));

    public static TheoryData<string> KnownNames()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(SectionSchema schema)
        {
            if (schema.Path.Length > 0) names.Add(schema.Name);
            foreach (string key in schema.Keys.Keys) names.Add(key);
            foreach (SectionSchema child in schema.Sections.Values) Walk(child);
        }

        Walk(Schema.Root);
        return [.. names];
    }

    [Theory]
    [MemberData(nameof(KnownNames))]
    public void ConfigurationDoc_MentionsKnownKeyOrSection(string name)
    {
        string docs = Docs();

        Assert.True(
            docs.Contains($"`{name}`", StringComparison.Ordinal) || docs.Contains($"`{name} ", StringComparison.Ordinal)
            || docs.Contains($"`ring1_addr` … `ring7_addr`", StringComparison.Ordinal) && name.StartsWith("ring", StringComparison.Ordinal),
            $"docs/configuration.md does not mention `{name}`");
    }
}
