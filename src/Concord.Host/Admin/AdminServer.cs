using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Concord.Host.Logging;
using Microsoft.Extensions.Logging;

namespace Concord.Host.Admin;

/// <summary>
/// The local admin socket: a Unix stream socket speaking one JSON object per line in each
/// direction (docs/protocols/admin.md). Requests {"v":1,"command":"status",...}; replies
/// {"ok":true,"result":{...}} or {"ok":false,"error":"...","code":N}. Root and haclient only.
/// </summary>
internal sealed class AdminServer : IDisposable
{
    public const int ProtocolVersion = 1;
    private const int RequestBytesMax = 1 << 20;
    private readonly string _path;
    private readonly Func<JsonObject, Task<JsonObject>> _handle;
    private readonly ILogger _logger;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();

    public AdminServer(string path, Func<JsonObject, Task<JsonObject>> handle, ILogger logger)
    {
        _path = path;
        _handle = handle;
        _logger = logger;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path)) File.Delete(path); // a stale socket from a crashed daemon
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        _listener.Listen(64);
    }

    public void Start()
    {
        _logger.AdminListening(_path);
        _ = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var connection = client;
        if (!PeerCredentials.TryGet(client, out _, out uint uid, out uint gid) || !PeerCredentials.IsAllowed(uid, gid))
        {
            _logger.AdminRefused(uid, gid);
            await WriteAsync(client, Error("permission denied: root or the haclient group only", 77));
            return;
        }
        await using var stream = new NetworkStream(client, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (!_stop.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            if (line is null) return;
            JsonObject reply;
            if (line.Length > RequestBytesMax) reply = Error("request too large", 64);
            else reply = await HandleLineAsync(line);
            if (!await WriteAsync(client, reply)) return;
        }
    }

    private async Task<JsonObject> HandleLineAsync(string line)
    {
        JsonObject? request;
        try
        {
            request = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException ex)
        {
            return Error($"malformed request: {ex.Message}", 64);
        }
        if (request is null || request["command"]?.GetValueKind() != JsonValueKind.String)
            return Error("malformed request: expected an object with a \"command\" string", 64);
        if (request["v"] is JsonNode v && (v.GetValueKind() != JsonValueKind.Number || v.GetValue<int>() != ProtocolVersion))
            return Error($"unsupported protocol version (this daemon speaks {ProtocolVersion})", 64);
        try
        {
            return await _handle(request);
        }
        catch (Exception ex)
        {
            return Error($"internal error: {ex.Message}", 70);
        }
    }

    private static async Task<bool> WriteAsync(Socket client, JsonObject reply)
    {
        try
        {
            var bytes = Encoding.UTF8.GetBytes(reply.ToJsonString() + "\n");
            await client.SendAsync(bytes, SocketFlags.None);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public static JsonObject Ok(JsonNode? result) => new() { ["ok"] = true, ["result"] = result };

    public static JsonObject Error(string message, int code) => new() { ["ok"] = false, ["error"] = message, ["code"] = code };

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        try { File.Delete(_path); }
        catch (IOException) { }
    }
}
