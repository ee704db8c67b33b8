using Concord.Resources.Cib;

namespace Concord.Resources.Scheduling;

/// <summary>Interpreting one recorded operation result (Pacemaker's remap_operation, update_resource_state,
/// unpack_rsc_op_failure).</summary>
internal sealed partial class WorkingSet
{
    private void RemapOperation(SchedResource rsc, LrmOp op, int targetRc, OpHistoryState h, ref int rc, ref int status)
    {
        if (op.Operation == "monitor")
        {
            rc = rc == RcDegraded ? RcOk : rc == RcDegradedPromoted ? RcRunningPromoted : rc;
        }
        if (MaskableProbeFailure(op))
        {
            status = ExecDone;
            rc = RcNotRunning;
        }
        if (status is not (ExecDone or 4))
        {
            return;
        }
        status = ExecDone;
        bool probe = IsProbe(op);
        if (targetRc < 0 || targetRc != rc)
        {
            status = 4;
        }
        switch (rc)
        {
            case RcOk:
                if (probe && targetRc == RcNotRunning)
                {
                    status = ExecDone;
                }
                break;
            case RcNotRunning:
                if (probe || targetRc == rc || !rsc.Managed)
                {
                    status = ExecDone;
                    rsc.Role = Role.Stopped;
                    h.OnFail = OnFail.Ignore;
                    rsc.NextRole = Role.Unknown;
                }
                break;
            case RcRunningPromoted:
                if (probe && rc != targetRc)
                {
                    status = ExecDone;
                }
                rsc.Role = Role.Promoted;
                break;
            case RcFailedPromoted or RcDegradedPromoted:
                rsc.Role = Role.Promoted;
                status = 4;
                break;
            case 6:
                status = ExecErrorFatal;
                break;
            case 3:
                status = op.IntervalMs == 0 ? ExecErrorHard : 3;
                break;
            case 5 or 2 or 4:
                status = ExecErrorHard;
                break;
            default:
                if (status == ExecDone)
                {
                    status = 4;
                }
                break;
        }
    }

    private void UpdateResourceState(SchedResource rsc, LrmOp op, string task, int rc, OpHistoryState h)
    {
        bool clear = false;
        if (rc == 5 || MaskableProbeFailure(op))
        {
            rsc.Role = Role.Stopped;
        }
        else if (rc == RcNotRunning)
        {
            clear = true;
        }
        else if (task == "monitor")
        {
            if (h.LastFailure is not null && OpKey(op) == OpKey(h.LastFailure))
            {
                clear = true;
            }
            if (rsc.Role < Role.Started)
            {
                SetActive(rsc);
            }
        }
        else if (task == "start")
        {
            rsc.Role = Role.Started;
            clear = true;
        }
        else if (task == "stop")
        {
            rsc.Role = Role.Stopped;
            clear = true;
        }
        else if (task == "promote")
        {
            rsc.Role = Role.Promoted;
            clear = true;
        }
        else if (task == "demote")
        {
            clear = h.OnFail == OnFail.Demote;
            rsc.Role = Role.Unpromoted;
        }
        else if (rsc.Role < Role.Started)
        {
            SetActive(rsc);
        }
        if (clear && h.OnFail is OnFail.Block or OnFail.Ignore or OnFail.Demote or OnFail.Recover or OnFail.RestartContainer)
        {
            h.OnFail = OnFail.Ignore;
            rsc.NextRole = Role.Unknown;
        }
    }

    private static string OpKey(LrmOp op) => op.OperationKey ?? op.Id;

    private void UnpackFailure(SchedResource rsc, SchedNode node, LrmOp op, int rc, OpHistoryState h)
    {
        h.LastFailure = op;
        (OnFail onFail, Role failRole) = OnFailFor(rsc, op.Operation, op.IntervalMs);
        if (OnFailOrder.Compare(h.OnFail, onFail) < 0)
        {
            h.OnFail = onFail;
        }
        switch (op.Operation)
        {
            case "stop":
                rsc.AddLocation(node, Score.MinusInfinity, Nodes);
                break;
            case "promote":
                rsc.Role = Role.Promoted;
                break;
            case "demote":
                rsc.Role = onFail == OnFail.Block ? Role.Promoted : rc == RcNotRunning ? Role.Stopped : Role.Unpromoted;
                if (onFail == OnFail.Block)
                {
                    rsc.NextRole = Role.Stopped;
                }
                break;
        }
        if (IsProbe(op) && rc == 5)
        {
            rsc.Role = Role.Stopped;
        }
        else if (rsc.Role < Role.Started)
        {
            SetActive(rsc);
        }
        if (failRole != Role.Started && rsc.NextRole < failRole)
        {
            rsc.NextRole = failRole;
        }
        if (failRole == Role.Stopped)
        {
            SchedResource target = rsc.Parent is not null && Top(rsc) is { Variant: Variant.Clone, Unique: false } clone ? clone : rsc;
            SetAllWeights(target, Score.MinusInfinity);
        }
    }
}
