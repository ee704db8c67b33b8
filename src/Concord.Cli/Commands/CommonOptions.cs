using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Concord.Cli.Admin;

namespace Concord.Cli.Commands;

/// <summary>Options shared by the commands that talk to a running daemon.</summary>
internal static class CommonOptions
{
    public static Option<string> Output() => new("--output", "-o")
    {
        Description = "Output format: text or json",
        DefaultValueFactory = _ => "text",
    };

    public static Option<string?> RunDir() => new("--run-dir")
    {
        Description = "The daemon's run directory (default $CONCORD_RUN_DIR or /run/concord)",
    };

    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Validates --output; returns null when fine, else prints why and gives the exit code.</summary>
    public static int? CheckOutput(string output)
    {
        if (output is "text" or "json") return null;
        Console.Error.WriteLine($"concord: --output must be 'text' or 'json' (got '{output}')");
        return ExitCodes.Usage;
    }

    /// <summary>Print a failed reply the same way everywhere and hand back its exit code.</summary>
    public static int Fail(AdminReply reply)
    {
        Console.Error.WriteLine($"concord: {reply.Error}");
        return reply.ExitCode;
    }

    public static void PrintJson(JsonNode? node) => Console.WriteLine(node?.ToJsonString(Indented) ?? "null");

    /// <summary>
    /// A read-only command that asks the daemon one question and prints the answer as text or
    /// JSON (`status`, `links`, `cpg`, `quorum`); <paramref name="exitCode"/> maps the answer to the exit status.
    /// </summary>
    public static Command Query(string name, string description, string adminCommand,
        Func<JsonObject, string> render, Func<JsonObject, JsonNode>? json = null, Func<JsonObject, int>? exitCode = null)
    {
        var output = Output();
        var runDir = RunDir();
        var command = new Command(name, description) { output, runDir };
        command.SetAction(parse =>
        {
            string format = parse.GetValue(output)!;
            if (CheckOutput(format) is int bad) return bad;
            var reply = AdminClient.Request(adminCommand, runDirectory: parse.GetValue(runDir));
            if (!reply.Ok) return Fail(reply);
            var result = reply.Result!.AsObject();
            if (format == "json") PrintJson(json is null ? result : json(result));
            else Console.Write(render(result));
            return exitCode?.Invoke(result) ?? ExitCodes.Ok;
        });
        return command;
    }
}
