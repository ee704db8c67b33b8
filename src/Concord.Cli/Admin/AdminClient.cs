using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Concord.Cli.Admin;

/// <summary>The daemon's answer to one admin request.</summary>
internal sealed record AdminReply(bool Ok, JsonNode? Result, string? Error, int ExitCode);

/// <summary>
/// Talks to concordd's admin socket: one JSON object per line each way (docs/protocols/admin.md).
/// The wire format is the contract; the CLI references no server code.
/// </summary>
internal static class AdminClient
{
    public const int ProtocolVersion = 1;
    public const string RunDirVariable = "CONCORD_RUN_DIR";
    public const string DefaultRunDirectory = "/run/concord";

    public static string SocketPath(string? runDirectory = null) =>
        Path.Combine(runDirectory ?? NonEmpty(Environment.GetEnvironmentVariable(RunDirVariable)) ?? DefaultRunDirectory, "concordd.sock");

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static AdminReply Request(string command, JsonObject? arguments = null, string? runDirectory = null, int timeoutMs = 5000)
    {
        string path = SocketPath(runDirectory);
        var request = arguments?.DeepClone().AsObject() ?? new JsonObject();
        request["v"] = ProtocolVersion;
        request["command"] = command;
        if (!File.Exists(path))
            return new AdminReply(false, null, $"concordd is not running here: no admin socket at {path} (is CONCORD_RUN_DIR right?)", ExitCodes.Unavailable);
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.ReceiveTimeout = timeoutMs;
            socket.SendTimeout = timeoutMs;
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"));
            using var stream = new NetworkStream(socket, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string? line = reader.ReadLine();
            if (line is null) return new AdminReply(false, null, "concordd closed the connection without answering", ExitCodes.Unavailable);
            return Parse(line);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AccessDenied)
        {
            return new AdminReply(false, null, $"permission denied on {path}: run as root or a member of the haclient group", ExitCodes.NoPermission);
        }
        catch (SocketException ex)
        {
            return new AdminReply(false, null, $"cannot reach concordd at {path}: {ex.Message}", ExitCodes.Unavailable);
        }
        catch (IOException ex)
        {
            return new AdminReply(false, null, $"no answer from concordd at {path} within {timeoutMs} ms: {ex.Message}", ExitCodes.Unavailable);
        }
    }

    internal static AdminReply Parse(string line)
    {
        try
        {
            var reply = JsonNode.Parse(line) as JsonObject;
            if (reply?["ok"]?.GetValueKind() is JsonValueKind.True) return new AdminReply(true, reply["result"], null, ExitCodes.Ok);
            string error = reply?["error"]?.GetValue<string>() ?? "the daemon sent a reply without an error message";
            int code = reply?["code"] is JsonNode c && c.GetValueKind() == JsonValueKind.Number ? c.GetValue<int>() : ExitCodes.Failure;
            return new AdminReply(false, null, error, code);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return new AdminReply(false, null, $"malformed reply from concordd: {ex.Message}", ExitCodes.Software);
        }
    }
}
