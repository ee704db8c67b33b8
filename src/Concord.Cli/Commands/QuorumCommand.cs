using System.CommandLine;
using System.Text.Json.Nodes;
using Concord.Cli.Admin;

namespace Concord.Cli.Commands;

/// <summary>
/// `concord quorum`: what corosync-quorumtool -s prints, exit 2 when not quorate (so existing
/// monitoring keeps working); `quorum expected N` and `quorum votes NODE N` as -e and -v.
/// </summary>
internal static class QuorumCommand
{
    public static Command Create()
    {
        var command = CommonOptions.Query("quorum", "Show quorum state (like corosync-quorumtool -s); exit 2 when not quorate", "quorum",
            render: result => result["text"]?.GetValue<string>() ?? "",
            json: result =>
            {
                var json = result.DeepClone().AsObject();
                json.Remove("text");
                return json;
            },
            exitCode: result => result["quorate"]?.GetValue<bool>() == true ? ExitCodes.Ok : ExitCodes.NotQuorate);
        command.Subcommands.Add(Expected());
        command.Subcommands.Add(Votes());
        var cancelRunDir = CommonOptions.RunDir();
        var cancel = new Command("cancel-wait-for-all", "Stop waiting for all nodes at first start (like corosync-cmapctl -s quorum.cancel_wait_for_all)") { cancelRunDir };
        cancel.SetAction(parse => Change("quorum-cancel-wait-for-all", [], parse.GetValue(cancelRunDir)));
        command.Subcommands.Add(cancel);
        return command;
    }

    private static Command Expected()
    {
        var votes = new Argument<uint>("VOTES") { Description = "New expected votes for the whole cluster" };
        var runDir = CommonOptions.RunDir();
        var command = new Command("expected", "Set expected votes cluster-wide (like corosync-quorumtool -e)") { votes, runDir };
        command.SetAction(parse => Change("quorum-expected", new JsonObject { ["expected"] = parse.GetValue(votes) }, parse.GetValue(runDir)));
        return command;
    }

    private static Command Votes()
    {
        var node = new Argument<uint>("NODE") { Description = "Node id" };
        var votes = new Argument<uint>("VOTES") { Description = "The node's new number of votes" };
        var runDir = CommonOptions.RunDir();
        var command = new Command("votes", "Set a node's votes cluster-wide (like corosync-quorumtool -v)") { node, votes, runDir };
        command.SetAction(parse => Change("quorum-votes", new JsonObject { ["node"] = parse.GetValue(node), ["votes"] = parse.GetValue(votes) }, parse.GetValue(runDir)));
        return command;
    }

    private static int Change(string command, JsonObject arguments, string? runDir)
    {
        var reply = AdminClient.Request(command, arguments, runDir);
        if (!reply.Ok) return CommonOptions.Fail(reply);
        Console.WriteLine(reply.Result?["message"]?.GetValue<string>() ?? "done");
        return ExitCodes.Ok;
    }
}
