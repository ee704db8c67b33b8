using Microsoft.Extensions.Logging;

namespace Concord.Host.Logging;

/// <summary>The daemon's log lines (event ids 1000–1999). Sentences a sysadmin can act on.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Concord {Version} starting as node {NodeName} (id {NodeId}) of cluster {ClusterName}; {LinkCount} link(s), port {Port}")]
    public static partial void Starting(this ILogger logger, string version, string nodeName, uint nodeId, string clusterName, int linkCount, int port);

    [LoggerMessage(1001, LogLevel.Information, "Node {NodeName} (id {NodeId}) joined; new membership {RingId} of {MemberCount} nodes: {Members}")]
    public static partial void NodeJoined(this ILogger logger, string nodeName, uint nodeId, string ringId, int memberCount, string members);

    [LoggerMessage(1002, LogLevel.Warning, "Node {NodeName} (id {NodeId}) left: {Reason}; new membership {RingId} of {MemberCount} nodes: {Members}")]
    public static partial void NodeLeft(this ILogger logger, string nodeName, uint nodeId, string reason, string ringId, int memberCount, string members);

    [LoggerMessage(1003, LogLevel.Information, "New membership {RingId} of {MemberCount} nodes: {Members}")]
    public static partial void MembershipFormed(this ILogger logger, string ringId, int memberCount, string members);

    [LoggerMessage(1004, LogLevel.Warning, "Link {Link} to node {NodeName} (id {NodeId}) is down; traffic moves to another link")]
    public static partial void LinkDown(this ILogger logger, int link, string nodeName, uint nodeId);

    [LoggerMessage(1005, LogLevel.Information, "Link {Link} to node {NodeName} (id {NodeId}) is up")]
    public static partial void LinkUp(this ILogger logger, int link, string nodeName, uint nodeId);

    [LoggerMessage(1006, LogLevel.Information, "Configuration reloaded from {Path}: {Summary}")]
    public static partial void Reloaded(this ILogger logger, string path, string summary);

    [LoggerMessage(1007, LogLevel.Information, "Shutting down: leaving the cluster")]
    public static partial void ShuttingDown(this ILogger logger);

    [LoggerMessage(1008, LogLevel.Error, "Internal error on the protocol thread")]
    public static partial void LoopError(this ILogger logger, Exception exception);

    [LoggerMessage(1009, LogLevel.Information, "Admin socket listening on {Path}")]
    public static partial void AdminListening(this ILogger logger, string path);

    [LoggerMessage(1010, LogLevel.Warning, "Admin connection refused: uid {Uid} gid {Gid} is neither root nor in group haclient")]
    public static partial void AdminRefused(this ILogger logger, uint uid, uint gid);

    [LoggerMessage(1011, LogLevel.Warning, "Configuration warning: {Diagnostic}")]
    public static partial void ConfigWarning(this ILogger logger, string diagnostic);

    [LoggerMessage(1012, LogLevel.Debug, "Totem state {State}: ring {RingId}")]
    public static partial void TotemState(this ILogger logger, string state, string ringId);

    [LoggerMessage(1013, LogLevel.Information, "This partition is quorate: {TotalVotes} of {ExpectedVotes} expected votes, quorum is {Quorum} (ring {RingId})")]
    public static partial void Quorate(this ILogger logger, uint totalVotes, uint expectedVotes, uint quorum, string ringId);

    [LoggerMessage(1014, LogLevel.Warning, "This partition is NOT quorate: {TotalVotes} of {ExpectedVotes} expected votes, quorum needs {Quorum} (ring {RingId}); resources must stop here")]
    public static partial void NotQuorate(this ILogger logger, uint totalVotes, uint expectedVotes, uint quorum, string ringId);

    [LoggerMessage(1015, LogLevel.Warning, "Real-time scheduling is not available ({Reason}); the ring's threads run at normal priority, so a busy host can delay the token (run as root with CAP_SYS_NICE, or start without -r)")]
    public static partial void RealtimeUnavailable(this ILogger logger, string reason);
}
