using System.CommandLine;
using Concord.Configuration;

namespace Concord.Cli.Commands;

/// <summary>
/// `concord config check FILE`: parse and validate a corosync.conf without starting anything.
/// Prints every diagnostic as <c>FILE:LINE:COL: error|warning: message</c>, then a summary line.
/// Exit 0 when usable (warnings allowed), 65 when there are errors, 66 when the file cannot be read.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var config = new Command("config", "Work with corosync.conf files");
        config.Subcommands.Add(Check());
        return config;
    }

    private static Command Check()
    {
        var file = new Argument<string>("FILE") { Description = "The corosync.conf to check, e.g. /etc/corosync/corosync.conf" };
        var command = new Command("check", "Validate a corosync.conf; print problems as FILE:LINE:COL: error: message") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(string path, TextWriter output, TextWriter error)
    {
        ConfigLoadResult result = ConfigParser.Load(path);
        if (result.ReadFailure is string failure)
        {
            error.WriteLine($"concord: {failure}");
            return ExitCodes.NoInput;
        }

        foreach (Diagnostic diagnostic in result.Diagnostics) output.WriteLine(diagnostic);
        int errors = result.Errors.Count();
        int warnings = result.Warnings.Count();
        if (result.Config is not ClusterConfig config)
        {
            output.WriteLine($"{path}: {Count(errors, "error")}, {Count(warnings, "warning")}; concordd would refuse this file");
            return ExitCodes.DataError;
        }

        string crypto = config.Totem.Encrypted ? "encrypted (AES-256-GCM)" : "NOT encrypted";
        string quorum = config.Quorum.Enabled ? $"votequorum, {config.EffectiveExpectedVotes} expected votes" : "no quorum provider";
        output.WriteLine(
            $"{path}: valid: cluster '{config.Totem.ClusterName}', {Count(config.Nodes.Count, "node")}, " +
            $"{Count(config.LinkCount, "link")}, {crypto}, {quorum}; {Count(warnings, "warning")}");
        return ExitCodes.Ok;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
