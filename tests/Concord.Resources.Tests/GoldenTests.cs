using Concord.Resources.Cib;
using Concord.Resources.Scheduling;
using Concord.Resources.Tests.Differential;

namespace Concord.Resources.Tests;

/// <summary>Hand-written feature CIBs (Golden/features) and CIBs that once disagreed with crm_simulate
/// (Golden/regressions). Each *.summary is crm_simulate 2.1.5's "Transition Summary" for the *.xml next to it.</summary>
[Trait("Category", "Unit")]
public sealed class GoldenTests
{
    /// <summary>Regression CIBs whose remaining difference is explained in docs/protocols/scheduler.md.</summary>
    private static readonly HashSet<string> KnownDifferences = new(StringComparer.Ordinal)
    {
        "promotable-200608", "promotable-203156", "promotable-204090", "onfail-500070",
        "colocation-clone-with-group-342", "cloned-group-reason-214",
    };

    private static string GoldenDir => Path.Combine(AppContext.BaseDirectory, "Golden");

    public static TheoryData<string> Features() => Cases("features");

    public static TheoryData<string> Regressions() => Cases("regressions");

    private static TheoryData<string> Cases(string dir)
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(Path.Combine(GoldenDir, dir), "*.xml").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(f);
            if (!KnownDifferences.Contains(name))
            {
                data.Add($"{dir}/{name}");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Features))]
    public void Schedule_FeatureCib_MatchesCrmSimulate(string name) => AssertMatches(name);

    [Theory]
    [MemberData(nameof(Regressions))]
    public void Schedule_RegressionCib_MatchesCrmSimulate(string name) => AssertMatches(name);

    [Fact]
    public void KnownDifferences_AreDocumented()
    {
        string doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/protocols/scheduler.md"));
        foreach (string name in KnownDifferences)
        {
            Assert.Contains(name, doc, StringComparison.Ordinal);
        }
    }

    private static void AssertMatches(string name)
    {
        string xml = File.ReadAllText(Path.Combine(GoldenDir, name + ".xml"));
        IEnumerable<string> expected = File.ReadAllLines(Path.Combine(GoldenDir, name + ".summary")).Where(l => l.Trim().Length > 0)
            .Select(l => l.Trim().StartsWith("* ", StringComparison.Ordinal) ? l.Trim()[2..] : l.Trim());
        Transition t = Scheduler.Run(CibParser.Parse(xml), DifferentialRunner.Now);

        Assert.Equal(CrmSimulate.Normalize(expected), CrmSimulate.Normalize(t.Summary));
    }
}
