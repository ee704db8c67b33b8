using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

internal sealed partial class WorkingSet
{
    private const int RcOk = 0;
    private const int RcNotRunning = 7;
    private const int RcRunningPromoted = 8;
    private const int RcFailedPromoted = 9;
    private const int RcDegraded = 190;
    private const int RcDegradedPromoted = 191;

    private const int ExecPending = -1;
    private const int ExecDone = 0;
    private const int ExecErrorHard = 5;
    private const int ExecErrorFatal = 6;
    private const int ExecNotInstalled = 7;

    private void UnpackStatus()
    {
        var states = new List<(NodeState State, SchedNode Node)>();
        foreach (NodeState s in Cib.Status)
        {
            SchedNode? node = Nodes.FirstOrDefault(n => n.Id == s.Id) ?? FindNode(s.Uname);
            if (node is null)
            {
                Warnings.Add($"ignoring recorded node state for '{s.Uname}' because it is no longer in the configuration");
                continue;
            }
            foreach (KeyValuePair<string, string> a in s.Transient)
            {
                node.Attributes[a.Key] = a.Value;
            }
            node.Standby |= CibText.IsTrue(node.Attribute("standby"));
            node.Maintenance |= CibText.IsTrue(node.Attribute("maintenance"));
            string? shutdown = node.Attribute("shutdown");
            node.Shutdown = shutdown is not null && shutdown != "0";
            node.Unclean = false;
            node.SeenInStatus = true;
            DetermineOnline(s, node);
            if (!HaveQuorum && node.Online && NoQuorumPolicy == NoQuorumPolicy.Suicide)
            {
                Fence(node, "cluster does not have quorum");
            }
            states.Add((s, node));
        }
        foreach ((NodeState s, SchedNode node) in states)
        {
            if (!StonithEnabled && !node.Online)
            {
                continue;
            }
            node.Unpacked = true;
            foreach (LrmResource lr in s.Lrm)
            {
                UnpackLrmResource(node, lr);
            }
        }
    }

    private void DetermineOnline(NodeState s, SchedNode node)
    {
        bool inCluster = CibText.IsTrue(s.InCcm);
        bool crmdOnline = string.Equals(s.Crmd, "online", StringComparison.OrdinalIgnoreCase);
        string join = s.Join ?? string.Empty;
        string expected = s.Expected ?? "down";
        node.ExpectedUp = expected == "member";
        bool online;
        if (!StonithEnabled)
        {
            online = false;
            if (!inCluster)
            {
            }
            else if (crmdOnline)
            {
                online = join == "member";
            }
            else if (node.ExpectedUp)
            {
                Fence(node, "peer is unexpectedly down");
            }
        }
        else
        {
            online = inCluster;
            string? terminate = node.Attribute("terminate");
            bool doTerminate = CibText.IsTrue(terminate) || (terminate is { Length: > 0 } && terminate[0] != '0' && char.IsAsciiDigit(terminate[0]));
            if (node.Shutdown)
            {
                online = crmdOnline;
            }
            else if (s.InCcm is null)
            {
                Fence(node, "peer has not been seen by the cluster");
            }
            else if (join == "banned")
            {
                Fence(node, "peer failed Pacemaker membership criteria");
            }
            else if (!doTerminate && expected == "down")
            {
                if (inCluster || crmdOnline)
                {
                    node.Standby = true;
                    node.Pending = true;
                }
            }
            else if (doTerminate && join == "down" && !inCluster && !crmdOnline)
            {
                online = false;
            }
            else if (!inCluster)
            {
                Fence(node, "peer is no longer part of the cluster");
            }
            else if (!crmdOnline)
            {
                Fence(node, "peer process is no longer available");
            }
            else if (doTerminate)
            {
                Fence(node, "termination was requested");
            }
            else if (join == "member")
            {
            }
            else if (join is "pending" or "down")
            {
                node.Standby = true;
                node.Pending = true;
            }
            else
            {
                Fence(node, "peer was in an unknown state");
            }
        }
        node.Online = online;
        if (!online || node.Shutdown)
        {
            node.BaseWeight = Score.MinusInfinity;
        }
    }

    private void UnpackLrmResource(SchedNode node, LrmResource lr)
    {
        if (lr.Ops.Count == 0)
        {
            return;
        }
        SchedResource rsc = FindForHistory(node, lr.Id) ?? CreateOrphan(lr);
        RecordHistory(node, lr, rsc);
        if (rsc.Id != lr.Id && rsc.HistoryName != lr.Id)
        {
            rsc.HistoryName = lr.Id;
        }
        Role savedRole = rsc.Role;
        rsc.Role = Role.Unknown;
        var history = new OpHistoryState();
        foreach (LrmOp op in lr.Ops.OrderBy(o => o.CallId))
        {
            UnpackOp(rsc, node, op, history);
        }
        ProcessResourceState(rsc, node, history.OnFail);
        Role target = TargetRole(rsc);
        if (target != Role.Unknown && (rsc.NextRole == Role.Unknown || target < rsc.NextRole))
        {
            rsc.NextRole = target;
        }
        if (savedRole > rsc.Role)
        {
            rsc.Role = savedRole;
        }
    }

    private SchedResource CreateOrphan(LrmResource lr)
    {
        var def = new PrimitiveDef { Id = lr.Id, Class = lr.Class ?? "ocf", Provider = lr.Provider, Type = lr.Type ?? "unknown" };
        var r = new SchedResource(lr.Id, Variant.Primitive, def, Nodes.Count) { Orphan = true };
        foreach (KeyValuePair<string, string> kv in Cib.RscDefaults)
        {
            r.Meta.TryAdd(kv.Key, kv.Value);
        }
        ApplyMeta(r);
        for (int i = 0; i < Nodes.Count; i++)
        {
            r.SetWeight(Nodes[i], Score.MinusInfinity);
        }
        r.NextRole = Role.Unknown;
        _byId[lr.Id] = r;
        Primitives.Add(r);
        Resources.Add(r);
        Warnings.Add($"resource {lr.Id} is active in the status section but not configured (orphan); it will be stopped");
        return r;
    }

    private sealed class OpHistoryState
    {
        public OnFail OnFail { get; set; } = OnFail.Ignore;
        public LrmOp? LastFailure { get; set; }
    }

    private void SetActive(SchedResource rsc)
    {
        SchedResource top = rsc;
        while (top.Parent is not null)
        {
            top = top.Parent;
        }
        rsc.Role = top.Promotable ? Role.Unpromoted : Role.Started;
    }

    private static bool IsProbe(LrmOp op) => op.Operation == "monitor" && op.IntervalMs == 0;

    private static bool MaskableProbeFailure(LrmOp op) => IsProbe(op) && (op.Rc is 5 or 2 || op.OpStatus == ExecNotInstalled);

    private void UnpackOp(SchedResource rsc, SchedNode node, LrmOp op, OpHistoryState h)
    {
        string task = op.Operation;
        if (task is "notify" or "meta-data")
        {
            return;
        }
        if (task is "migrate_to" or "migrate_from")
        {
            throw new CibException($"resource {rsc.Id} on {node.Name}: live migration history ({task}) is not supported");
        }
        int rc = op.Rc;
        int status = op.OpStatus;
        int targetRc = op.TargetRc;
        bool expired = status != ExecNotInstalled && CheckExpiry(rsc, node, op);
        int oldRc = rc;
        RemapOperation(rsc, op, targetRc, h, ref rc, ref status);
        bool maskable = MaskableProbeFailure(op);

        if (expired && maskable && oldRc != targetRc)
        {
            if (rsc.Role <= Role.Stopped)
            {
                rsc.Role = Role.Unknown;
            }
            return;
        }
        if (expired && rc != targetRc && op.IntervalMs == 0)
        {
            return;
        }
        if (expired && rc != targetRc && node.Online && !node.Unclean)
        {
            return;
        }
        if (maskable)
        {
            UpdateResourceState(rsc, op, task, targetRc, h);
            BanTarget(rsc).AddLocation(node, Score.MinusInfinity, Nodes);
            return;
        }
        switch (status)
        {
            case ExecPending:
                if (task == "start")
                {
                    rsc.StartPending = true;
                    SetActive(rsc);
                }
                else if (task == "promote")
                {
                    rsc.Role = Role.Promoted;
                }
                return;
            case ExecDone:
                UpdateResourceState(rsc, op, task, rc, h);
                return;
            case 1:
                return;
            case ExecNotInstalled:
                if (OnFailFor(rsc, task, op.IntervalMs).OnFail == OnFail.Ignore)
                {
                    h.OnFail = OnFail.Migrate;
                }
                BanTarget(rsc).AddLocation(node, Score.MinusInfinity, Nodes);
                UnpackFailure(rsc, node, op, rc, h);
                return;
            case 10 or 11:
                status = ExecErrorHard;
                break;
        }
        (OnFail strategy, _) = OnFailFor(rsc, task, op.IntervalMs);
        if (strategy == OnFail.Ignore)
        {
            UpdateResourceState(rsc, op, task, targetRc, h);
            return;
        }
        UnpackFailure(rsc, node, op, rc, h);
        if (status == ExecErrorHard)
        {
            BanTarget(rsc).AddLocation(node, Score.MinusInfinity, Nodes);
        }
        else if (status == ExecErrorFatal)
        {
            BanTarget(rsc).AddLocation(null, Score.MinusInfinity, Nodes);
        }
    }

    /// <summary>Bans for an anonymous clone instance apply to the whole clone (Pacemaker's uber_parent).</summary>
    internal static SchedResource BanTarget(SchedResource rsc) => rsc.Unique ? rsc : Top(rsc);

    private void SetAllWeights(SchedResource r, int weight)
    {
        for (int i = 0; i < Nodes.Count; i++)
        {
            r.SetWeight(Nodes[i], weight);
        }
    }

    private void ProcessResourceState(SchedResource rsc, SchedNode node, OnFail onFail)
    {
        if (rsc.Role != Role.Unknown)
        {
            for (SchedResource? r = rsc; r is not null; r = r.Parent)
            {
                r.KnownOn.Add(node.Index);
                if (r.Unique)
                {
                    break;
                }
            }
        }
        if (rsc.Role > Role.Stopped && !node.Online && !node.Maintenance && rsc.Managed && StonithEnabled)
        {
            Fence(node, $"{rsc.Id} is thought to be active there");
        }
        OnFail saved = onFail;
        if (node.Unclean)
        {
            onFail = OnFail.Ignore;
        }
        switch (onFail)
        {
            case OnFail.Fence:
                Fence(node, $"{rsc.Id} failed there");
                break;
            case OnFail.Standby:
                node.Standby = true;
                break;
            case OnFail.Block:
                rsc.Managed = false;
                rsc.Blocked = true;
                break;
            case OnFail.Migrate:
                rsc.AddLocation(node, Score.MinusInfinity, Nodes);
                break;
            case OnFail.Stop:
                rsc.NextRole = Role.Stopped;
                break;
            case OnFail.Recover or OnFail.RestartContainer or OnFail.ResetRemote:
                if (rsc.Role is not (Role.Stopped or Role.Unknown))
                {
                    rsc.Failed = true;
                    rsc.NeedsStop = true;
                    EarlyActions.Add((rsc, "stop", node));
                }
                break;
            case OnFail.Demote:
                rsc.Failed = true;
                if (rsc.Role is not (Role.Stopped or Role.Unknown))
                {
                    EarlyActions.Add((rsc, "demote", node));
                }
                break;
        }
        if (rsc.Role is not (Role.Stopped or Role.Unknown))
        {
            AddRunning(rsc, node);
            switch (onFail)
            {
                case OnFail.Ignore:
                    break;
                case OnFail.Demote or OnFail.Block:
                    rsc.Failed = true;
                    break;
                default:
                    rsc.Failed = true;
                    rsc.NeedsStop = true;
                    break;
            }
        }
        _ = saved;
    }

    /// <summary>Pacemaker's native_add_running.</summary>
    private void AddRunning(SchedResource rsc, SchedNode node)
    {
        if (rsc.RunningOn.Contains(node))
        {
            return;
        }
        rsc.RunningOn.Add(node);
        if (rsc.Variant == Variant.Primitive && node.Maintenance)
        {
            rsc.Managed = false;
        }
        if (!rsc.Managed)
        {
            rsc.AddLocation(node, Score.Infinity, Nodes);
            for (SchedResource? p = rsc.Parent; p is not null && node.Online; p = p.Parent)
            {
                p.RunningOn.Add(node);
            }
            return;
        }
        if (rsc.RunningOn.Count > 1 && rsc.Variant == Variant.Primitive)
        {
            switch (rsc.MultipleActive)
            {
                case "stop_only":
                    for (int i = 0; i < Nodes.Count; i++)
                    {
                        rsc.SetWeight(Nodes[i], Score.MinusInfinity);
                    }
                    break;
                case "block":
                    rsc.Managed = false;
                    rsc.Blocked = true;
                    if (rsc.Parent is { Variant: Variant.Group } g && g.MultipleActive == "block")
                    {
                        foreach (SchedResource c in g.Children)
                        {
                            c.Managed = false;
                            c.Blocked = true;
                        }
                    }
                    break;
            }
        }
        if (rsc.Parent is { } parent)
        {
            AddRunning(parent, node);
        }
    }

    /// <summary>on-fail and fail role for an operation, from its definition, op_defaults, or Pacemaker's defaults.</summary>
    internal (OnFail OnFail, Role FailRole) OnFailFor(SchedResource rsc, string task, long intervalMs)
    {
        string? value = null;
        if (task == "monitor" && intervalMs == 0)
        {
            value = null;
        }
        OpDef? def = rsc.Primitive?.Ops.FirstOrDefault(o => o.Name == task && o.IntervalMs == intervalMs);
        value = def?.Attributes.GetValueOrDefault("on-fail") ?? Cib.OpDefaults.GetValueOrDefault("on-fail");
        if (task == "stop" && value is "standby" or "demote" or "stop")
        {
            value = null;
        }
        Role failRole = Role.Unknown;
        OnFail result;
        switch (value)
        {
            case "block":
                result = OnFail.Block;
                break;
            case "fence":
                result = StonithEnabled ? OnFail.Fence : OnFail.Stop;
                if (!StonithEnabled)
                {
                    failRole = Role.Stopped;
                }
                break;
            case "standby":
                result = OnFail.Standby;
                break;
            case "ignore" or "nothing":
                result = OnFail.Ignore;
                break;
            case "migrate":
                result = OnFail.Migrate;
                break;
            case "stop":
                result = OnFail.Stop;
                failRole = Role.Stopped;
                break;
            case "demote":
                result = OnFail.Demote;
                break;
            default:
                result = task == "stop" ? (StonithEnabled ? OnFail.Fence : OnFail.Block) : OnFail.Recover;
                break;
        }
        if (failRole == Role.Unknown)
        {
            failRole = task == "promote" ? Role.Unpromoted : Role.Started;
        }
        return (result, failRole);
    }
}
