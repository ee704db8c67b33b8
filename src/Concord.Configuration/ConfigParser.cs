using System.Text;
using Concord.Configuration.Binding;
using Concord.Configuration.Syntax;

namespace Concord.Configuration;

/// <summary>
/// Parses and validates corosync.conf text (corosync 3.1 corosync.conf(5) + votequorum(5)).
/// <see cref="Parse"/> is pure and never throws on bad input: every problem is a
/// <see cref="Diagnostic"/> with file, line and column, and <see cref="ConfigLoadResult.Config"/> is
/// null when any of them is an error.
/// </summary>
public static class ConfigParser
{
    /// <summary>Larger files are refused: a corosync.conf is a few kilobytes.</summary>
    public const int FileBytesMax = 1 << 20;

    public static ConfigLoadResult Parse(string text, string fileName = "corosync.conf")
    {
        ArgumentNullException.ThrowIfNull(text);
        var diagnostics = new List<Diagnostic>();
        var sink = new DiagnosticSink(fileName, diagnostics);
        SyntaxSection root = SyntaxParser.Parse(text, fileName, diagnostics);
        var rootReader = new SectionReader(root, Schema.Root, sink);

        SectionReader? totemReader = Single(rootReader, "totem", sink);
        TotemSection totem = TotemBinder.Bind(totemReader, sink);
        List<BoundNode> nodes = NodelistBinder.Bind([.. rootReader.Children("nodelist")], sink);
        QuorumSection quorum = QuorumBinder.Bind(Single(rootReader, "quorum", sink), nodes, sink);
        LoggingSection logging = LoggingBinder.Bind(Single(rootReader, "logging", sink));

        var config = new ClusterConfig
        {
            Totem = totem,
            Nodes = new(nodes.Select(n => n.Node)),
            Quorum = quorum,
            Logging = logging,
            OtherSections = rootReader.RawChildren("totem", "nodelist", "quorum", "logging"),
        };
        CrossChecks.Run(config, totemReader, nodes, sink);

        var ordered = diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
        return new ConfigLoadResult(ordered.Any(d => d.IsError) ? null : config, ordered);
    }

    /// <summary>Reads and parses a file. I/O problems are reported in <see cref="ConfigLoadResult.ReadFailure"/>, never thrown.</summary>
    public static ConfigLoadResult Load(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Unreadable(path, Directory.Exists(path) ? "it is a directory, not a file" : "no such file");
            }

            if (info.Length > FileBytesMax)
            {
                return Unreadable(path, $"it is {info.Length} bytes; a corosync.conf is at most {FileBytesMax} bytes");
            }

            string text = File.ReadAllText(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false));
            return Parse(text, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException or NotSupportedException or ArgumentException)
        {
            return Unreadable(path, ex.Message);
        }
    }

    private static ConfigLoadResult Unreadable(string path, string reason) =>
        new(null, EquatableList<Diagnostic>.Empty) { ReadFailure = $"cannot read {path}: {reason}" };

    /// <summary>The last of a top-level section that corosync merges when repeated; earlier copies get a warning.</summary>
    private static SectionReader? Single(SectionReader root, string name, DiagnosticSink sink)
    {
        var all = root.Children(name).ToList();
        foreach (SectionReader earlier in all.SkipLast(1))
        {
            sink.WarningAt(earlier.Syntax,
                $"'{name}' appears more than once: only the last one (line {all[^1].Syntax.Line}) is used; merge them into one section");
        }

        return all.Count == 0 ? null : all[^1];
    }
}
