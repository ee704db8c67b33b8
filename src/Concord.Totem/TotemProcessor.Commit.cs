using Concord.Core;
using Concord.Totem.Wire;

namespace Concord.Totem;

// COMMIT and RECOVERY. The commit token's first pass collects each member's old-ring state (ring
// id, aru, highest delivered and received); the second pass moves every member to RECOVERY. Members
// that come from the same old ring re-broadcast, on the new ring, every old message that one of
// them may lack, so that all of them deliver the same set before the configuration change (EVS).
public sealed partial class TotemProcessor
{
    private CommitToken? _commit;
    /// <summary>Our commit entry is filled: no more direct old-ring messages, or we would deliver what we did not report.</summary>
    private bool _frozen;
    private MessageStore? _recoveryStore;
    private MessageStore? _previousStore;
    private readonly Queue<McastMessage> _recoveryQueue = new();
    private NodeId[] _transitionalMembers = [];

    private void FormCommitToken(NodeId[] members)
    {
        ulong seq = Math.Max(_highRingSeqSeen, _ringId.Sequence) + 4;
        _highRingSeqSeen = seq;
        _host.PersistRingSequence(seq);
        var commit = new CommitToken
        {
            Ring = new RingId(_self, seq),
            Pass = 1,
            Index = 0,
            Entries = [.. members.Select(n => new CommitEntry { Node = n })],
        };
        AcceptFirstPass(commit, 0);
    }

    private void OnCommit(CommitToken commit)
    {
        _highRingSeqSeen = Math.Max(_highRingSeqSeen, commit.Ring.Sequence);
        var members = commit.Members;
        int index = IndexOf(members, _self);
        if (index < 0) return;
        bool returning = index == 0 && commit.Index == members.Length;
        if (!returning && commit.Index != index) return;

        if (returning)
        {
            if (_commit is null || commit.Ring != _commit.Ring) return;
            if (commit.Pass == 1 && State == TotemState.Commit) StartSecondPass(commit);
            else if (commit.Pass == 2 && State == TotemState.Recovery && !_hasSeenToken) StartRegularToken();
            return;
        }
        switch (State)
        {
            // Only a ring newer than ours: a stale or retransmitted commit token must never move us
            // back to an older ring sequence (or let a restarted process answer for its predecessor's view).
            case TotemState.Gather when commit.Pass == 1 && commit.Ring.Sequence > _ringId.Sequence
                                        && ActiveProposal().SequenceEqual(members):
                AcceptFirstPass(commit, index);
                break;
            case TotemState.Commit when commit.Pass == 1 && commit.Ring.Sequence > _commit!.Ring.Sequence
                                        && ActiveProposal().SequenceEqual(members):
                AcceptFirstPass(commit, index);
                break;
            case TotemState.Commit when commit.Pass == 2 && commit.Ring == _commit!.Ring:
                _commit = commit;
                EnterRecovery();
                ForwardCommit(commit, index);
                break;
        }
    }

    private void AcceptFirstPass(CommitToken commit, int index)
    {
        _highRingSeqSeen = Math.Max(_highRingSeqSeen, commit.Ring.Sequence);
        _host.PersistRingSequence(_highRingSeqSeen); // never lower than anything we used or saw
        State = TotemState.Commit;
        _commit = commit;
        _frozen = true;
        commit.Entries[index] = new CommitEntry
        {
            Node = _self,
            OldRing = _ringId,
            Aru = _store.Aru,
            HighDelivered = _highDelivered,
            HighSeq = _store.HighSeq,
            Filled = true,
        };
        _host.CancelTimer(TotemTimer.Join);
        _host.CancelTimer(TotemTimer.Consensus);
        ArmTokenLoss(commit.Entries.Length);
        ForwardCommit(commit, index);
    }

    private void ForwardCommit(CommitToken commit, int index)
    {
        commit.Index = (ushort)(index + 1);
        var members = commit.Members;
        if (commit.Index == members.Length && members.Length == 1)
        {
            // A ring of one: nothing to collect or recover.
            if (commit.Pass == 1) StartSecondPass(commit);
            else StartRegularToken();
            return;
        }
        // Resent like the regular token until the next pass or the ring's first token shows up.
        _lastTokenDatagram = commit.Encode(_self);
        _lastTokenDestination = members[commit.Index % members.Length];
        _host.Send(_lastTokenDestination, _lastTokenDatagram);
        _host.ArmTimer(TotemTimer.TokenRetransmit, _nowMs + _options.EffectiveTokenRetransmitMs);
    }

    private void StartSecondPass(CommitToken commit)
    {
        commit.Pass = 2;
        _commit = commit;
        EnterRecovery();
        ForwardCommit(commit, 0);
    }

    private void EnterRecovery()
    {
        var commit = _commit!;
        State = TotemState.Recovery;
        var movers = commit.Entries.Where(e => e.OldRing == _ringId).ToArray();
        _transitionalMembers = [.. movers.Select(e => e.Node)];
        ulong lowAru = movers.Min(e => e.Aru);
        ulong highSeq = movers.Max(e => e.HighSeq);
        _recoveryQueue.Clear();
        foreach (var message in _store.Range(lowAru, highSeq)) _recoveryQueue.Enqueue(message);
        _recoveryStore = new MessageStore(commit.Ring);
        ResetTokenState();
        ArmTokenLoss(commit.Entries.Length);
    }

    /// <summary>Recovery was interrupted: the old ring stays our ring, with whatever it gained.</summary>
    private void AbandonRecovery()
    {
        _recoveryStore = null;
        _recoveryQueue.Clear();
    }

    /// <summary>The representative starts the new ring's regular token once the commit token is home.</summary>
    private void StartRegularToken()
    {
        var token = new TokenMessage { Ring = _commit!.Ring };
        _lastTokenSeqSeen = 0;
        _hasSeenToken = true;
        if (_commit.Entries.Length == 1) Install(); // alone, we already hold every old message
        ProcessToken(token);
    }

    /// <summary>
    /// Deliver what is left of the old ring, then the transitional configuration (the members that
    /// came with us), then the regular one; continue on the new ring.
    /// </summary>
    private void Install()
    {
        var commit = _commit!;
        var oldStore = _store;
        ulong high = oldStore.HighSeq;
        // Messages still in agreed order belong to the old regular configuration.
        while (_highDelivered < high)
        {
            var m = oldStore.Get(_highDelivered + 1);
            if (m is null || m.IsSafe) break;
            DeliverFragment(m, oldStore.Ring);
            _highDelivered++;
        }
        _host.ConfigurationChanged(new TotemConfiguration(
            ConfigurationKind.Transitional, commit.Ring, _transitionalMembers, [], []));
        bool gap = false;
        for (ulong seq = _highDelivered + 1; seq <= high; seq++)
        {
            var m = oldStore.Get(seq);
            if (m is null)
            {
                gap = true;
                continue;
            }
            DeliverFragment(m, oldStore.Ring);
        }
        if (gap) Counters.RecoveriesWithGaps++;

        var previousMembers = _members;
        _previousStore = _store;
        _store = _recoveryStore!;
        _recoveryStore = null;
        _highDelivered = 0;
        _ringId = commit.Ring;
        _members = commit.Members;
        _proc.Clear();
        _proc.UnionWith(_members);
        _fail.Clear();
        _consensus.Clear();
        _frozen = false;
        _reassembly.Clear();
        RestartPartiallySentMessage();
        State = TotemState.Operational;
        Counters.RingsInstalled++;
        _host.ConfigurationChanged(new TotemConfiguration(
            ConfigurationKind.Regular,
            _ringId,
            _members,
            [.. _members.Except(previousMembers)],
            [.. previousMembers.Except(_members)]));
        _leftGracefully.Clear();
        DeliverReady();
        if (_members[0] == _self) _host.ArmTimer(TotemTimer.Merge, _nowMs + _options.MergeMs);
    }
}
