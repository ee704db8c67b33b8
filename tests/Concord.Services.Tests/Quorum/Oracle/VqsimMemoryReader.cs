using System.Buffers.Binary;
using System.Globalization;
using Concord.Core;
using Concord.Services.Quorum;
using Microsoft.Win32.SafeHandles;

namespace Concord.Services.Tests.Quorum.Oracle;

/// <summary>What one corosync-vqsim node process holds in votequorum.c's static variables.</summary>
internal sealed record VqsimNodeSnapshot(uint Node, QuorumInternalState State)
{
    public uint TotalVotes => (uint)State.Nodes.Where(n => n.State == QuorumNodeState.Member).Sum(n => n.Votes);

    public uint HighestExpected => State.Nodes.Where(n => n.State == QuorumNodeState.Member).Select(n => n.ExpectedVotes).DefaultIfEmpty(0u).Max();

    public bool SameAs(VqsimNodeSnapshot other) => Node == other.Node && State.Equivalent(other.State);
}

/// <summary>
/// Reads votequorum's state out of the corosync-vqsim node processes (/proc/PID/mem).
/// corosync-vqsim 3.1.7 prints only "q=0|1 ring=... nodes=[...]"; expected votes, total votes
/// and quorum live in static variables of exec/votequorum.c compiled into the (stripped) binary.
/// Their addresses were found once by disassembling Debian's build (objdump -d; the accesses next
/// to the "total_votes=%d, expected_votes=%d" and "Sending nodelist callback" log strings) and are
/// pinned to its GNU build id. Another build falls back to comparing quorate only.
/// </summary>
internal sealed class VqsimMemoryReader
{
    public const string BinaryPath = "/usr/bin/corosync-vqsim";

    private readonly Layout _layout;

    private sealed record Layout(long ClusterMembersList, long Us, long Quorate, long Quorum, long WaitForAllStatus, long RingNode, long RingSeq);

    /// <summary>Debian bookworm corosync-vqsim 3.1.7-1+deb12u2 (amd64).</summary>
    private static readonly Dictionary<string, Layout> KnownBuilds = new(StringComparer.Ordinal)
    {
        ["f47a98f72b8a9d480f96491ca49f975deadfed32"] = new Layout(
            ClusterMembersList: 0x305e0, Us: 0x305f0, Quorate: 0x305f8, Quorum: 0x305f9, WaitForAllStatus: 0x30615,
            RingNode: 0x2f3b0, RingSeq: 0x2f3b4),
    };

    // struct cluster_node { int node_id; nodestate_t state; u32 votes; u32 expected_votes; u32 flags; struct qb_list_head list; }
    private const int NodeListOffset = 0x18;
    private const int NodeStructBytes = 0x14;

    private VqsimMemoryReader(Layout layout) => _layout = layout;

    public static string? BuildId { get; } = ReadBuildId(BinaryPath);

    /// <summary>A reader for the installed build, or null if its layout is not known.</summary>
    public static VqsimMemoryReader? ForInstalledBuild() =>
        BuildId is not null && KnownBuilds.TryGetValue(BuildId, out Layout? layout) ? new VqsimMemoryReader(layout) : null;

    public static IReadOnlyList<int> ChildPids(int pid)
    {
        try
        {
            string text = File.ReadAllText($"/proc/{pid}/task/{pid}/children");
            return [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Null if the process is gone or its memory is not (yet) readable.</summary>
    public VqsimNodeSnapshot? Read(int pid)
    {
        try
        {
            long baseAddress = FindBase(pid);
            if (baseAddress == 0) return null;
            using SafeFileHandle mem = File.OpenHandle($"/proc/{pid}/mem", FileMode.Open, FileAccess.Read);
            long us = (long)ReadU64(mem, baseAddress + _layout.Us);
            if (us == 0) return null;
            Span<byte> node = stackalloc byte[NodeStructBytes];
            ReadExactly(mem, us, node);
            uint nodeId = BinaryPrimitives.ReadUInt32LittleEndian(node);
            uint expected = BinaryPrimitives.ReadUInt32LittleEndian(node[12..]);
            bool quorate = ReadU8(mem, baseAddress + _layout.Quorate) != 0;
            uint quorum = ReadU8(mem, baseAddress + _layout.Quorum);
            bool waiting = ReadU8(mem, baseAddress + _layout.WaitForAllStatus) != 0;
            var ring = new RingId(new NodeId(ReadU32(mem, baseAddress + _layout.RingNode)), ReadU64(mem, baseAddress + _layout.RingSeq));

            var rows = new List<QuorumNodeRow>();
            long head = baseAddress + _layout.ClusterMembersList;
            long next = (long)ReadU64(mem, head);
            for (int guard = 0; next != head; guard++)
            {
                if (guard > 2048 || next == 0) return null; // torn read while the list changes
                ReadExactly(mem, next - NodeListOffset, node);
                rows.Add(new QuorumNodeRow(
                    BinaryPrimitives.ReadUInt32LittleEndian(node),
                    (QuorumNodeState)BinaryPrimitives.ReadInt32LittleEndian(node[4..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(node[8..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(node[12..]),
                    (NodeStateFlags)BinaryPrimitives.ReadUInt32LittleEndian(node[16..])));
                next = (long)ReadU64(mem, next);
            }
            rows.Sort((a, b) => a.Node.CompareTo(b.Node));
            return new VqsimNodeSnapshot(nodeId, new QuorumInternalState(quorate, quorum, expected, waiting, ring, rows));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long FindBase(int pid)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/maps"))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 6 && parts[5] == BinaryPath && parts[2] == "00000000")
                return long.Parse(parts[0].Split('-')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        return 0;
    }

    private static void ReadExactly(SafeFileHandle handle, long address, Span<byte> buffer)
    {
        int read = RandomAccess.Read(handle, buffer, address);
        if (read != buffer.Length) throw new IOException($"short read at 0x{address:x}");
    }

    private static byte ReadU8(SafeFileHandle handle, long address)
    {
        Span<byte> b = stackalloc byte[1];
        ReadExactly(handle, address, b);
        return b[0];
    }

    private static uint ReadU32(SafeFileHandle handle, long address)
    {
        Span<byte> b = stackalloc byte[4];
        ReadExactly(handle, address, b);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    private static ulong ReadU64(SafeFileHandle handle, long address)
    {
        Span<byte> b = stackalloc byte[8];
        ReadExactly(handle, address, b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    /// <summary>The GNU build id note of an ELF64 little-endian file, as hex; null if absent.</summary>
    private static string? ReadBuildId(string path)
    {
        try
        {
            byte[] elf = File.ReadAllBytes(path);
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1) return null;
            long sectionTable = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
            int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3a));
            int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3c));
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> header = elf.AsSpan((int)(sectionTable + (i * entrySize)), entrySize);
                if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != 7) continue; // SHT_NOTE
                int offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]);
                int size = (int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]);
                int position = offset;
                while (position + 12 <= offset + size)
                {
                    int nameSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(position));
                    int descSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(position + 4));
                    uint type = BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(position + 8));
                    int nameStart = position + 12;
                    int descStart = nameStart + ((nameSize + 3) & ~3);
                    if (type == 3 && nameSize == 4 && elf.AsSpan(nameStart, 3).SequenceEqual("GNU"u8))
                        return Convert.ToHexStringLower(elf, descStart, descSize);
                    position = descStart + ((descSize + 3) & ~3);
                }
            }
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
