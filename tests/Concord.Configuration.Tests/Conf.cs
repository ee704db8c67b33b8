namespace Concord.Configuration.Tests;

/// <summary>Helpers shared by the parser tests.</summary>
internal static class Conf
{
    public const string File = "test.conf";

    /// <summary>A minimal valid body after the totem section: two nodes and votequorum.</summary>
    public const string TwoNodes = """
        nodelist {
            node {
                ring0_addr: 192.0.2.1
                name: node1
                nodeid: 1
            }
            node {
                ring0_addr: 192.0.2.2
                name: node2
                nodeid: 2
            }
        }
        quorum {
            provider: corosync_votequorum
        }
        """;

    public const string EncryptedTotem = """
        totem {
            version: 2
            cluster_name: test
            crypto_cipher: aes256
            crypto_hash: sha256
        }
        """;

    public static ConfigLoadResult Parse(string text) => ConfigParser.Parse(text, File);

    public static ClusterConfig ParseValid(string text)
    {
        ConfigLoadResult result = Parse(text);
        Assert.True(result.Config is not null, "expected a valid config, got:\n" + string.Join("\n", result.Diagnostics));
        return result.Config!;
    }

    /// <summary>Asserts exactly one error, at this position, whose message contains every fragment.</summary>
    public static Diagnostic SingleError(ConfigLoadResult result, int line, int column, params string[] fragments)
    {
        Assert.Null(result.Config);
        var errors = result.Errors.ToList();
        Assert.True(errors.Count == 1, "expected one error, got:\n" + string.Join("\n", result.Diagnostics));
        return AssertAt(errors[0], DiagnosticSeverity.Error, line, column, fragments);
    }

    /// <summary>Asserts some warning at this position containing every fragment.</summary>
    public static Diagnostic HasWarning(ConfigLoadResult result, int line, int column, params string[] fragments)
    {
        Diagnostic? match = result.Warnings.FirstOrDefault(d => d.Line == line && d.Column == column);
        Assert.True(match is not null, $"expected a warning at {line}:{column}, got:\n" + string.Join("\n", result.Diagnostics));
        return AssertAt(match!, DiagnosticSeverity.Warning, line, column, fragments);
    }

    private static Diagnostic AssertAt(Diagnostic diagnostic, DiagnosticSeverity severity, int line, int column, string[] fragments)
    {
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(File, diagnostic.File);
        Assert.True(line == diagnostic.Line && column == diagnostic.Column, $"expected {line}:{column}, got {diagnostic}");
        foreach (string fragment in fragments) Assert.Contains(fragment, diagnostic.Message, StringComparison.Ordinal);
        return diagnostic;
    }

    public static string Fixture(string name) =>
        System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
