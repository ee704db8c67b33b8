using Concord.Core;
using Concord.Totem.Wire;

namespace Concord.Totem;

// The regular token: only its holder sends. On each visit a member retransmits what others asked
// for, asks for what it lacks, sends new messages within the flow-control window, updates the
// all-received-up-to (aru) and passes the token to the next member in node-id order.
public sealed partial class TotemProcessor
{
    private ulong _lastTokenSeqSeen;
    private bool _hasSeenToken;
    /// <summary>The aru we put on the token last visit; min(that, aru now) is received by all (safe).</summary>
    private ulong _lastForwardedAru;
    private ulong _lastForwardedSeq;
    private ulong _safePoint;
    private int _myLastFcc;
    private uint _myLastBacklog;
    private ulong _aruAtLastToken;
    private int _visitsWithoutProgress;
    private ulong _seqAtLastVisit;
    private int _idleVisits;
    private int _recoveryVisits;
    private TokenMessage? _heldToken;
    private bool _heldTokenHasNewWork;
    private byte[]? _lastTokenDatagram;
    private NodeId _lastTokenDestination;

    private MessageStore ActiveStore => State == TotemState.Recovery ? _recoveryStore! : _store;

    private NodeId[] RingMembers => State == TotemState.Recovery ? _commit!.Members : _members;

    private void ResetTokenState()
    {
        _hasSeenToken = false;
        _lastTokenSeqSeen = 0;
        _lastForwardedAru = 0;
        _lastForwardedSeq = 0;
        _safePoint = 0;
        _myLastFcc = 0;
        _myLastBacklog = 0;
        _aruAtLastToken = 0;
        _visitsWithoutProgress = 0;
        _seqAtLastVisit = 0;
        _idleVisits = 0;
        _recoveryVisits = 0;
        _heldToken = null;
        _heldTokenHasNewWork = false;
        _lastTokenDatagram = null;
        _host.CancelTimer(TotemTimer.TokenRetransmit);
        _host.CancelTimer(TotemTimer.TokenHold);
    }

    private void ArmTokenLoss(int ringSize)
    {
        if (ringSize <= 1) _host.CancelTimer(TotemTimer.TokenLoss);
        else _host.ArmTimer(TotemTimer.TokenLoss, _nowMs + _options.EffectiveTokenMs(_knownNodes.Count));
    }

    private void OnToken(TokenMessage token)
    {
        if (State is not (TotemState.Operational or TotemState.Recovery) || token.Ring != ActiveStore.Ring)
        {
            Counters.ForeignDatagrams++;
            return;
        }
        if (_hasSeenToken && token.TokenSeq <= _lastTokenSeqSeen)
        {
            Counters.DuplicateTokens++;
            return;
        }
        _hasSeenToken = true;
        _lastTokenSeqSeen = token.TokenSeq;
        if (State == TotemState.Recovery && token.Has(TokenMessage.InstallFlag)) Install();
        ProcessToken(token);
    }

    private void ProcessToken(TokenMessage token)
    {
        _host.CancelTimer(TotemTimer.TokenRetransmit);
        LastRingActivityMs = _nowMs;
        var store = ActiveStore;
        var members = RingMembers;
        ArmTokenLoss(members.Length);
        ulong seqOnArrival = token.Seq;
        _safePoint = Math.Max(_safePoint, Math.Min(_lastForwardedAru, token.Aru));

        if (DetectFailureToReceive(store, token)) return;
        int retransmitted = Retransmit(store, token);
        RequestMissing(store, token);

        bool isRep = members[0] == _self;
        bool retransFlagOnArrival = token.Has(TokenMessage.RetransFlag);
        if (isRep) token.Set(TokenMessage.RetransFlag, false);

        int sent = SendWithinWindow(store, token, retransmitted);
        if (_recoveryQueue.Count > 0) token.Set(TokenMessage.RetransFlag, true);
        UpdateAru(store, token, seqOnArrival);

        if (State == TotemState.Recovery && isRep)
        {
            _recoveryVisits++;
            bool everyoneHasEverything = _safePoint >= seqOnArrival && store.Aru == token.Seq;
            if (_recoveryVisits >= 2 && !retransFlagOnArrival && sent == 0 && _recoveryQueue.Count == 0
                && everyoneHasEverything)
            {
                token.Set(TokenMessage.InstallFlag, true);
                Install();
            }
        }
        // Alone, everything we hold is held by every member.
        if (members.Length == 1) _safePoint = Math.Max(_safePoint, store.Aru);
        // Once installed, every token says so: members still recovering install when it reaches them.
        if (State == TotemState.Operational) token.Set(TokenMessage.InstallFlag, true);
        if (ShouldHold(token, members, sent + retransmitted))
        {
            _heldToken = token;
            Counters.TokensHeld++;
            _host.ArmTimer(TotemTimer.TokenHold, _nowMs + _options.HoldMs);
        }
        else
        {
            ForwardToken(token);
        }
        // Deliver after passing the token on: the next holder need not wait for our applications.
        if (State == TotemState.Operational) DeliverReady();
    }

    private bool DetectFailureToReceive(MessageStore store, TokenMessage token)
    {
        if (store.Aru < token.Seq && store.Aru == _aruAtLastToken) _visitsWithoutProgress++;
        else _visitsWithoutProgress = 0;
        _aruAtLastToken = store.Aru;
        if (_visitsWithoutProgress < _options.FailRecvConst) return false;
        Counters.FailedToReceive++;
        LastGatherCause = GatherCause.FailedToReceive;
        EnterGatherFromRing();
        return true;
    }

    private int Retransmit(MessageStore store, TokenMessage token)
    {
        if (token.Retransmits.Count == 0) return 0;
        int retransmitted = 0;
        var stillWanted = new List<ulong>();
        foreach (ulong seq in token.Retransmits)
        {
            var message = retransmitted < _options.MaxMessages ? store.Get(seq) : null;
            if (message is null)
            {
                stillWanted.Add(seq);
                continue;
            }
            Broadcast(message.Encode(_self), RingMembers);
            retransmitted++;
        }
        Counters.MessagesRetransmitted += retransmitted;
        token.Retransmits = stillWanted;
        return retransmitted;
    }

    private void RequestMissing(MessageStore store, TokenMessage token)
    {
        if (store.Aru >= token.Seq) return;
        foreach (ulong seq in store.Missing(token.Seq, _options.RetransmitListMax))
        {
            if (token.Retransmits.Count >= _options.RetransmitListMax) break;
            if (token.Retransmits.Contains(seq)) continue;
            token.Retransmits.Add(seq);
            Counters.RetransmitRequests++;
        }
    }

    /// <summary>Flow control: the window is shared by everyone per rotation, max_messages per visit.</summary>
    private int SendWithinWindow(MessageStore store, TokenMessage token, int retransmitted)
    {
        int fccOthers = Math.Max(0, (int)token.Fcc - _myLastFcc);
        uint othersBacklog = token.Backlog >= _myLastBacklog ? token.Backlog - _myLastBacklog : 0;
        int myBacklog = State == TotemState.Recovery ? _recoveryQueue.Count : (State == TotemState.Operational ? _queuedFragments : 0);
        int allowed = Math.Clamp(_options.WindowSize - fccOthers - retransmitted, 0, _options.MaxMessages);
        long totalBacklog = othersBacklog + (long)myBacklog;
        if (totalBacklog > _options.WindowSize && myBacklog > 0)
            allowed = Math.Min(allowed, Math.Max(1, (int)(_options.WindowSize * (long)myBacklog / totalBacklog)));

        int sent = 0;
        while (sent < allowed)
        {
            McastMessage? message = State == TotemState.Recovery ? NextRecoveryMessage(store.Ring) : NextFragment(store.Ring);
            if (message is null) break;
            message.Seq = ++token.Seq;
            store.Add(message);
            Broadcast(message.Encode(_self), RingMembers);
            sent++;
        }
        int myBacklogAfter = State == TotemState.Recovery ? _recoveryQueue.Count : _queuedFragments;
        _myLastFcc = sent + retransmitted;
        token.Fcc = (uint)(fccOthers + _myLastFcc);
        _myLastBacklog = (uint)myBacklogAfter;
        token.Backlog = othersBacklog + _myLastBacklog;
        if (sent > 0) _host.CancelTimer(TotemTimer.TokenHold);
        return sent;
    }

    private McastMessage? NextRecoveryMessage(RingId ring)
    {
        if (!_recoveryQueue.TryDequeue(out var old)) return null;
        Counters.RecoveryMessagesSent++;
        return new McastMessage
        {
            Ring = ring,
            Origin = _self,
            Flags = McastMessage.EncapsulatedFlag,
            FragmentIndex = 0,
            FragmentCount = 1,
            Payload = old.Encode(_self),
        };
    }

    private void UpdateAru(MessageStore store, TokenMessage token, ulong seqOnArrival)
    {
        if (store.Aru < token.Aru)
        {
            token.Aru = store.Aru;
            token.AruId = _self;
        }
        else if (token.AruId == _self || (token.AruId.IsNone && token.Aru == seqOnArrival))
        {
            token.Aru = store.Aru;
            token.AruId = store.Aru == token.Seq ? NodeId.None : _self;
        }
    }

    /// <summary>The representative holds an idle token for `hold` ms instead of spinning it (corosync does the same).</summary>
    private bool ShouldHold(TokenMessage token, NodeId[] members, int sentThisVisit)
    {
        if (State != TotemState.Operational || members[0] != _self) return false;
        bool idle = sentThisVisit == 0 && token.Seq == _seqAtLastVisit && token.Retransmits.Count == 0
                    && token.Aru == token.Seq && _queuedFragments == 0;
        _seqAtLastVisit = token.Seq;
        _idleVisits = idle ? _idleVisits + 1 : 0;
        return members.Length == 1 ? _queuedFragments == 0 : _idleVisits >= _options.SeqnoUnchangedConst;
    }

    private void ForwardToken(TokenMessage token)
    {
        var members = RingMembers;
        int index = IndexOf(members, _self);
        var next = members[(index + 1) % members.Length];
        token.TokenSeq++;
        _lastForwardedAru = token.Aru;
        _lastForwardedSeq = token.Seq;
        if (next == _self)
        {
            // Alone: the token comes straight back; a zero-delay timer keeps the host in control.
            _lastTokenSeqSeen = token.TokenSeq;
            _heldToken = token;
            _host.ArmTimer(TotemTimer.TokenHold, _nowMs);
            return;
        }
        _lastTokenDatagram = token.Encode(_self);
        _lastTokenDestination = next;
        _host.Send(next, _lastTokenDatagram);
        _host.ArmTimer(TotemTimer.TokenRetransmit, _nowMs + _options.EffectiveTokenRetransmitMs);
    }

    /// <summary>
    /// The hold ended. Alone, the token has come "back" to us: a new visit. In a larger ring the
    /// held token was already processed and now moves on.
    /// </summary>
    private void ReleaseHeldToken()
    {
        var token = _heldToken;
        if (token is null || State is not (TotemState.Operational or TotemState.Recovery)) return;
        _heldToken = null;
        bool newWork = _heldTokenHasNewWork;
        _heldTokenHasNewWork = false;
        if (newWork || RingMembers.Length == 1) ProcessToken(token);
        else ForwardToken(token);
    }

    /// <summary>
    /// New messages are waiting: use the held token at once — on the host's next turn, never inside
    /// the call that queued them (a delivery handler that sends must not re-enter delivery).
    /// </summary>
    private void UseHeldTokenNow()
    {
        if (_heldToken is null || State != TotemState.Operational) return;
        _heldTokenHasNewWork = true;
        _host.ArmTimer(TotemTimer.TokenHold, _nowMs);
    }

    private void OnTokenRetransmitTimeout()
    {
        if (_lastTokenDatagram is null || State is not (TotemState.Operational or TotemState.Recovery or TotemState.Commit)) return;
        Counters.TokenRetransmits++;
        _host.Send(_lastTokenDestination, _lastTokenDatagram);
        _host.ArmTimer(TotemTimer.TokenRetransmit, _nowMs + _options.EffectiveTokenRetransmitMs);
    }

    private void OnTokenLossTimeout()
    {
        if (State is not (TotemState.Operational or TotemState.Recovery or TotemState.Commit)) return;
        Counters.TokenLosses++;
        if (State != TotemState.Commit)
        {
            LastGatherCause = GatherCause.TokenLoss;
            LastTokenLossSilenceMs = _nowMs - LastRingActivityMs;
        }
        EnterGatherFromRing();
    }
}
