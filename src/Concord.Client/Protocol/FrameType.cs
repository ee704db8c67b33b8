namespace Concord.Client.Protocol;

/// <summary>
/// Frames of the client protocol (docs/protocols/client.md). Each frame on the Unix socket is
/// [u32 length of what follows][u8 type][body]; integers little-endian, strings u16 length + UTF-8.
/// </summary>
internal enum FrameType : byte
{
    // client → daemon
    Hello = 1,
    Join = 2,
    Leave = 3,
    Send = 4,
    ListGroups = 5,

    // daemon → client
    Welcome = 64,
    Result = 65,
    Message = 66,
    Membership = 67,
    Ring = 68,
    Groups = 69,
    Quorum = 70,
}
