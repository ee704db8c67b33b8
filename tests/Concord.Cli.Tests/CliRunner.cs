using System.CommandLine;
using Concord.Cli.Commands;

namespace Concord.Cli.Tests;

/// <summary>Runs `concord` commands in-process, capturing stdout and stderr.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand("concord (test)");
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(KeygenCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
