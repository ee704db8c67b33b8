using System.CommandLine;
using Concord.Cli.Commands;

namespace Concord.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("concord — administer a Concord high-availability cluster");
        // Each subcommand lives in its own file under Commands/ and is registered here, one line each.
        // -- commands --
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(LinksCommand.Create());
        root.Subcommands.Add(ReloadCommand.Create());
        root.Subcommands.Add(LabCommand.Create());
        root.Subcommands.Add(QuorumCommand.Create());
        root.Subcommands.Add(CpgCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(KeygenCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        // -- end commands --
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
            {
                foreach (var error in parse.Errors) Console.Error.WriteLine($"concord: {error.Message}");
                Console.Error.WriteLine("Try 'concord --help' (or 'concord COMMAND --help').");
                return ExitCodes.Usage;
            }
            return parse.Invoke();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"concord: internal error: {ex.Message}");
            return ExitCodes.Software;
        }
    }
}
