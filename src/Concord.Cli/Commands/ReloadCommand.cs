using System.CommandLine;
using Concord.Cli.Admin;

namespace Concord.Cli.Commands;

/// <summary>`concord reload`: the daemon re-reads its config and applies nodelist and timeout changes.</summary>
internal static class ReloadCommand
{
    public static Command Create()
    {
        var runDir = CommonOptions.RunDir();
        var command = new Command("reload", "Re-read the configuration and apply nodelist and timeout changes without a restart") { runDir };
        command.SetAction(parse =>
        {
            var reply = AdminClient.Request("reload", runDirectory: parse.GetValue(runDir));
            if (!reply.Ok) return CommonOptions.Fail(reply);
            Console.WriteLine($"Reloaded: {reply.Result?["summary"]}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
