using System.Globalization;
using System.Text;

namespace Concord.Resources.Tests.Differential;

/// <summary>Differential test against the real crm_simulate: generated CIBs, normalized summaries compared.
/// Needs pacemaker-cli-utils (apt-get install -y pacemaker-cli-utils). CONCORD_ORACLE_CIBS overrides the count.</summary>
[Trait("Category", "Oracle")]
public sealed class OracleTests
{
    private const double RequiredAgreement = 0.99;

    [Fact]
    public void Scheduler_GeneratedCibs_AgreeWithCrmSimulate()
    {
        Assert.True(CrmSimulate.Available, $"{CrmSimulate.Binary} not found: install the oracle with `apt-get install -y pacemaker-cli-utils`");
        int count = int.TryParse(Environment.GetEnvironmentVariable("CONCORD_ORACLE_CIBS"), CultureInfo.InvariantCulture, out int n) ? n : 1000;
        int firstSeed = int.TryParse(Environment.GetEnvironmentVariable("CONCORD_ORACLE_SEED"), CultureInfo.InvariantCulture, out int s) ? s : 1;
        string dir = Path.Combine(Path.GetTempPath(), $"concord-oracle-{Environment.ProcessId}");

        List<DifferentialResult> results = DifferentialRunner.Run(firstSeed, count, dir);

        List<DifferentialResult> bad = [.. results.Where(r => !r.Agrees)];
        int compared = results.Count(r => !r.OracleFailed);
        double agreement = (double)(compared - bad.Count) / compared;
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{compared - bad.Count}/{compared} generated CIBs agree ({agreement:P2}); seeds {firstSeed}..{firstSeed + count - 1}; crm_simulate itself failed on {count - compared}");
        foreach (DifferentialResult r in bad.Take(20))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"seed {r.Seed} ({r.CibPath}):");
            report.AppendLine(r.Error ?? string.Join(Environment.NewLine, r.Expected.Except(r.Actual).Select(l => $"  crm_simulate: {l}")
                .Concat(r.Actual.Except(r.Expected).Select(l => $"  concord:      {l}"))));
        }
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "concord-oracle-report.txt"), report.ToString());
        Assert.True(agreement >= RequiredAgreement, report.ToString());
        foreach (DifferentialResult r in results.Where(r => r.Agrees))
        {
            File.Delete(r.CibPath);
        }
    }
}
