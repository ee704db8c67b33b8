namespace Concord.Configuration.Tests;

[Trait("Category", "Unit")]
public sealed class SyntaxTests
{
    [Fact]
    public void Parse_UnclosedSection_ReportsSectionHeaderPosition()
    {
        ConfigLoadResult result = Conf.Parse(Conf.EncryptedTotem + "\n" + """
            nodelist {
                node {
                    ring0_addr: 192.0.2.1
                    nodeid: 1
                }
            """);

        Conf.SingleError(result, 7, 1, "section 'nodelist' is never closed", "expected '}'");
    }

    [Fact]
    public void Parse_ExtraClosingBrace_ReportsItsPosition()
    {
        ConfigLoadResult result = Conf.Parse(Conf.EncryptedTotem + "\n" + Conf.TwoNodes + "\n" + "  }\n");

        Conf.SingleError(result, 22, 3, "unexpected '}'", "too many closing braces");
    }

    [Fact]
    public void Parse_LineWithoutColon_ReportsExpectation()
    {
        ConfigLoadResult result = Conf.Parse("""
            totem {
                cluster_name: test
                crypto_cipher: aes256
                crypto_hash: sha256
                version 2
            }
            """ + "\n" + Conf.TwoNodes);

        Conf.SingleError(result, 5, 13, "unexpected '2' after 'version'", "expected ':' or '{'");
    }

    [Fact]
    public void Parse_EqualsInsteadOfColon_SaysCorosyncUsesColon()
    {
        ConfigLoadResult result = Conf.Parse("""
            totem {
                cluster_name: test
                crypto_cipher: aes256
                crypto_hash: sha256
                version = 2
            }
            """ + "\n" + Conf.TwoNodes);

        Conf.SingleError(result, 5, 13, "expected ':' after 'version'", "not 'key = value'");
    }

    [Fact]
    public void Parse_BareWord_ReportsExpectation()
    {
        ConfigLoadResult result = Conf.Parse(Conf.EncryptedTotem + "\n" + "stray\n" + Conf.TwoNodes);

        Conf.SingleError(result, 7, 1, "'stray' is neither 'key: value' nor 'section {'");
    }

    [Fact]
    public void Parse_TextAfterOpeningBrace_ReportsOneKeyPerLine()
    {
        ConfigLoadResult result = Conf.Parse("totem { version: 2\n}\n" + Conf.TwoNodes);

        Assert.Contains(result.Errors, d => d.Line == 1 && d.Column == 9 && d.Message.Contains("own line", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnterminatedQuote_ReportsQuotePosition()
    {
        ConfigLoadResult result = Conf.Parse("""
            totem {
                version: 2
                cluster_name: "test
            }
            """ + "\n" + Conf.TwoNodes);

        Assert.Contains(result.Errors, d => d.Line == 3 && d.Column == 19 && d.Message.Contains("unterminated quoted value", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_CommentsBlankLinesCrLfAndQuotes_AreAccepted()
    {
        string text = "# corosync.conf written by hand\r\n\r\n" + """
            totem {
                # a comment inside a section
                version: 2
                cluster_name: "my cluster" # trailing comment after a quoted value
                crypto_cipher: aes256   # trailing comment after a plain value
                crypto_hash: 'sha256'
                keyfile: "/etc/concord/auth#key"
            }
            """.Replace("\n", "\r\n", StringComparison.Ordinal) + "\n" + Conf.TwoNodes;

        ConfigLoadResult result = Conf.Parse(text);

        Assert.Contains(result.Errors, d => d.Message.Contains("cluster_name", StringComparison.Ordinal));
        ClusterConfig config = Conf.ParseValid(text.Replace("\"my cluster\"", "\"my-cluster\"", StringComparison.Ordinal));
        Assert.Equal("my-cluster", config.Totem.ClusterName);
        Assert.Equal(CryptoCipher.Aes256, config.Totem.CryptoCipher);
        Assert.Equal(CryptoHash.Sha256, config.Totem.CryptoHash);
        Assert.Equal("/etc/concord/auth#key", config.Totem.KeyFile);
    }

    [Fact]
    public void Parse_EscapedQuoteInsideQuotes_IsUnescaped()
    {
        ClusterConfig config = Conf.ParseValid(Conf.EncryptedTotem + "\n" + Conf.TwoNodes + "\n" + """
            system {
                state_dir: "/var/lib/say \"hi\" \\ there"
            }
            """);

        Assert.Equal("/var/lib/say \"hi\" \\ there", config.StateDirectory);
    }

    [Fact]
    public void Parse_EmptyText_ReportsMissingTotemAndNodelist()
    {
        ConfigLoadResult result = Conf.Parse(string.Empty);

        Assert.Null(result.Config);
        Assert.Contains(result.Errors, d => d.Message.Contains("no 'totem' section", StringComparison.Ordinal));
        Assert.Contains(result.Errors, d => d.Message.Contains("no 'nodelist' section", StringComparison.Ordinal) && d.Line == 1 && d.Column == 1);
    }

    [Fact]
    public void Parse_DeepNesting_IsRefusedNotCrashed()
    {
        string text = string.Concat(Enumerable.Repeat("a {\n", 100)) + string.Concat(Enumerable.Repeat("}\n", 100));

        ConfigLoadResult result = Conf.Parse(text);

        Assert.Contains(result.Errors, d => d.Message.Contains("nested more than", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnostic_ToString_UsesCompilerFormat()
    {
        var diagnostic = new Diagnostic(DiagnosticSeverity.Error, "/etc/corosync/corosync.conf", 12, 5, "bad thing");

        Assert.Equal("/etc/corosync/corosync.conf:12:5: error: bad thing", diagnostic.ToString());
        Assert.Equal("f:1:2: warning: w", new Diagnostic(DiagnosticSeverity.Warning, "f", 1, 2, "w").ToString());
    }

    [Fact]
    public void Parse_KeyOutsideAnySection_WarnsWhereItBelongs()
    {
        ConfigLoadResult result = Conf.Parse("token: 5000\n" + Conf.EncryptedTotem + "\n" + Conf.TwoNodes);

        Conf.HasWarning(result, 1, 1, "unknown key 'token' at the top level", "it belongs in 'totem'");
    }

    [Fact]
    public void Parse_TotemTwice_WarnsAndUsesLast()
    {
        ConfigLoadResult result = Conf.Parse("totem {\n    token: 9000\n}\n" + Conf.EncryptedTotem + "\n" + Conf.TwoNodes);

        Conf.HasWarning(result, 1, 1, "'totem' appears more than once: only the last one (line 4) is used");
        Assert.Equal(3000, result.Config!.Totem.TokenMs);
    }

    [Fact]
    public void Parse_NestedTopLevelSection_HintsAtMissingBrace()
    {
        ConfigLoadResult result = Conf.Parse("totem {\n    version: 2\n    cluster_name: t\n    crypto_cipher: aes256\n    nodelist {\n    }\n}\n" + Conf.TwoNodes);

        Conf.HasWarning(result, 5, 5, "unknown section 'nodelist' inside 'totem'", "missing '}' above");
    }
}
