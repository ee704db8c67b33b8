#!/usr/bin/env python3
"""Writes the hand-written feature CIBs in Golden/features/*.xml.

Expected summaries (*.summary) are produced by the reference, crm_simulate 2.1.5:
    for f in features/*.xml; do crm_simulate -x $f -R | sed -n '/^Transition Summary:/,$p' | tail -n +2 > ${f%.xml}.summary; done
"""
import hashlib, os

def digest(params, interval_ms=0, timeout_ms=20000):
    pairs = dict(params)
    if interval_ms:
        pairs["CRM_meta_timeout"] = str(timeout_ms)
    if not pairs:
        s = " <parameters/>\n"
    else:
        s = " <parameters" + "".join(f' {k}="{v}"' for k, v in sorted(pairs.items())) + "/>\n"
    return hashlib.md5(s.encode()).hexdigest()

call = [100]
def op(rsc, task, interval=0, rc=0, target=0, params=None):
    call[0] += 1
    oid = f"{rsc}_monitor_{interval}" if interval else (f"{rsc}_last_failure_0" if rc != target else f"{rsc}_last_0")
    key = f"{call[0]}:0:{target}:00000000-0000-0000-0000-000000000000"
    return (f'<lrm_rsc_op id="{oid}" operation_key="{rsc}_{task}_{interval}" operation="{task}" transition-key="{key}" '
            f'transition-magic="0:{rc};{key}" call-id="{call[0]}" rc-code="{rc}" op-status="{0 if rc == target else 4}" '
            f'interval="{interval}" last-rc-change="1700000000" op-digest="{digest(params or {}, interval)}"/>')

def running(rsc, monitor=True):
    ops = [op(rsc, "start")]
    if monitor:
        ops.append(op(rsc, "monitor", 10000))
    return (rsc, ops)

def node_state(i, lrm=(), online=True, transient=None, lost=False):
    if online:
        attrs = 'in_ccm="true" crmd="online" join="member" expected="member"'
    elif lost:
        attrs = 'in_ccm="false" crmd="offline" join="member" expected="member"'
    else:
        attrs = 'in_ccm="false" crmd="offline" join="down" expected="down"'
    body = ""
    if transient:
        body += f'<transient_attributes id="{i}"><instance_attributes id="status-{i}">' + "".join(
            f'<nvpair id="status-{i}-{k}" name="{k}" value="{v}"/>' for k, v in transient.items()) + "</instance_attributes></transient_attributes>"
    if lrm:
        body += f'<lrm id="{i}"><lrm_resources>' + "".join(
            f'<lrm_resource id="{r}" class="ocf" provider="heartbeat" type="Dummy">{"".join(ops)}</lrm_resource>' for r, ops in lrm) + "</lrm_resources></lrm>"
    return f'<node_state id="{i}" uname="node{i}" {attrs}>{body}</node_state>'

def prim(rid, meta=None, monitor=True, cls='class="ocf" provider="heartbeat" type="Dummy"'):
    m = ""
    if meta:
        m = f'<meta_attributes id="{rid}-meta">' + "".join(f'<nvpair id="{rid}-{k}" name="{k}" value="{v}"/>' for k, v in meta.items()) + "</meta_attributes>"
    ops = f'<operations><op id="{rid}-mon" name="monitor" interval="10s"/></operations>' if monitor else ""
    return f'<primitive id="{rid}" {cls}>{m}{ops}</primitive>'

def cib(nodes=3, resources="", constraints="", status="", options=None, node_attrs=None, quorum="1", defaults=""):
    opts = {"stonith-enabled": "false"}
    opts.update(options or {})
    o = "".join(f'<nvpair id="opt-{k}" name="{k}" value="{v}"/>' for k, v in opts.items())
    ns = ""
    for i in range(1, nodes + 1):
        a = (node_attrs or {}).get(i, {})
        ia = ("<instance_attributes id=\"n%d\">" % i + "".join(f'<nvpair id="n{i}-{k}" name="{k}" value="{v}"/>' for k, v in a.items()) + "</instance_attributes>") if a else ""
        ns += f'<node id="{i}" uname="node{i}">{ia}</node>'
    if not status:
        status = "".join(node_state(i) for i in range(1, nodes + 1))
    return (f'<cib validate-with="pacemaker-3.9" crm_feature_set="3.16.2" epoch="1" num_updates="0" admin_epoch="0" have-quorum="{quorum}" dc-uuid="1">\n'
            f'<configuration><crm_config><cluster_property_set id="opts">{o}</cluster_property_set></crm_config>\n'
            f'<nodes>{ns}</nodes>\n<resources>{resources}</resources>\n<constraints>{constraints}</constraints>{defaults}</configuration>\n'
            f'<status>{status}</status></cib>\n')

F = {}
F["primitive-start-spread"] = cib(resources=prim("a") + prim("b") + prim("c"))
F["location-prefers-node"] = cib(resources=prim("vip"), constraints='<rsc_location id="l" rsc="vip" node="node3" score="100"/>')
F["location-ban-moves"] = cib(resources=prim("vip"), constraints='<rsc_location id="l" rsc="vip" node="node1" score="-INFINITY"/>',
    status=node_state(1, [running("vip")]) + node_state(2) + node_state(3))
F["colocation-mandatory"] = cib(resources=prim("db") + prim("vip"),
    constraints='<rsc_location id="l" rsc="db" node="node2" score="50"/><rsc_colocation id="c" rsc="vip" with-rsc="db" score="INFINITY"/>')
F["colocation-anti"] = cib(nodes=2, resources=prim("a") + prim("b"),
    constraints='<rsc_location id="l" rsc="a" node="node1" score="50"/><rsc_location id="l2" rsc="b" node="node1" score="10"/><rsc_colocation id="c" rsc="b" with-rsc="a" score="-INFINITY"/>')
F["stickiness-keeps-placement"] = cib(resources=prim("web", {"resource-stickiness": "100"}),
    constraints='<rsc_location id="l" rsc="web" node="node1" score="50"/>', status=node_state(1) + node_state(2, [running("web")]) + node_state(3))
F["stickiness-too-weak-moves"] = cib(resources=prim("web", {"resource-stickiness": "10"}),
    constraints='<rsc_location id="l" rsc="web" node="node1" score="50"/>', status=node_state(1) + node_state(2, [running("web")]) + node_state(3))
F["standby-node-drains"] = cib(resources=prim("web"), node_attrs={2: {"standby": "on"}},
    status=node_state(1) + node_state(2, [running("web")]) + node_state(3))
F["monitor-failure-recovers-in-place"] = cib(resources=prim("db", {"resource-stickiness": "100"}),
    status=node_state(1, [("db", [op("db", "start"), op("db", "monitor", 10000, rc=7)])], transient={"fail-count-db#monitor_10000": "1"}) + node_state(2) + node_state(3))
F["migration-threshold-bans-node"] = cib(resources=prim("db", {"migration-threshold": "3", "resource-stickiness": "100"}),
    status=node_state(1, [("db", [op("db", "start"), op("db", "monitor", 10000, rc=1)])], transient={"fail-count-db#monitor_10000": "3"}) + node_state(2) + node_state(3))
F["start-failure-moves"] = cib(resources=prim("db"),
    status=node_state(1, [("db", [op("db", "start", rc=1)])], transient={"fail-count-db#start_0": "INFINITY"}) + node_state(2) + node_state(3))
F["target-role-stopped"] = cib(resources=prim("web", {"target-role": "Stopped"}), status=node_state(1, [running("web")]) + node_state(2) + node_state(3))
F["unmanaged-left-alone"] = cib(resources=prim("web", {"is-managed": "false"}),
    constraints='<rsc_location id="l" rsc="web" node="node1" score="-INFINITY"/>', status=node_state(1, [running("web")]) + node_state(2) + node_state(3))
F["fence-lost-node"] = cib(resources=prim("web") + '<primitive id="fence" class="stonith" type="fence_xvm"/>', options={"stonith-enabled": "true"},
    status=node_state(1, [running("fence", False)]) + node_state(2, [running("web")], online=False, lost=True) + node_state(3))
F["group-starts-in-order"] = cib(resources='<group id="grp">' + prim("fs") + prim("ip") + prim("app") + "</group>",
    constraints='<rsc_location id="l" rsc="grp" node="node2" score="10"/>')
F["group-member-failure-restarts-rest"] = cib(resources='<group id="grp">' + prim("fs") + prim("ip") + prim("app") + "</group>",
    status=node_state(1, [running("fs"), ("ip", [op("ip", "start"), op("ip", "monitor", 10000, rc=7)]), running("app")], transient={"fail-count-ip#monitor_10000": "1"}) + node_state(2) + node_state(3))
F["order-mandatory-restarts-then"] = cib(resources=prim("db") + prim("app", {"resource-stickiness": "INFINITY"}),
    constraints='<rsc_location id="l" rsc="db" node="node1" score="-INFINITY"/><rsc_order id="o" first="db" then="app" kind="Mandatory"/>',
    status=node_state(1, [running("db")]) + node_state(2, [running("app")]) + node_state(3))
F["order-mandatory-blocked"] = cib(resources=prim("db", {"target-role": "Stopped"}) + prim("app"),
    constraints='<rsc_order id="o" first="db" then="app" kind="Mandatory"/>')
F["order-optional-no-block"] = cib(resources=prim("db", {"target-role": "Stopped"}) + prim("app"),
    constraints='<rsc_order id="o" first="db" then="app" kind="Optional"/>')
F["rule-location-attributes"] = cib(nodes=4, resources=prim("big") + prim("small"), node_attrs={1: {"cpus": "4"}, 2: {"cpus": "16"}, 3: {"cpus": "32"}, 4: {}},
    constraints='<rsc_location id="l1" rsc="big"><rule id="r1" score="100"><expression id="e1" attribute="cpus" operation="gte" value="16" type="integer"/>'
                '<expression id="e2" attribute="#uname" operation="ne" value="node3"/></rule></rsc_location>'
                '<rsc_location id="l2" rsc="small"><rule id="r2" score="-INFINITY" boolean-op="or"><expression id="e3" attribute="cpus" operation="not_defined"/>'
                '<expression id="e4" attribute="cpus" operation="gt" value="8"/></rule></rsc_location>')
F["asymmetric-cluster-opt-in"] = cib(resources=prim("a") + prim("b"), options={"symmetric-cluster": "false"},
    constraints='<rsc_location id="l" rsc="a" node="node3" score="0"/>')
F["maintenance-mode-freezes"] = cib(resources=prim("a") + prim("b"), options={"maintenance-mode": "true"},
    constraints='<rsc_location id="l" rsc="a" node="node1" score="-INFINITY"/>', status=node_state(1, [running("a")]) + node_state(2) + node_state(3))
F["stop-all-resources"] = cib(resources=prim("a") + prim("b"), options={"stop-all-resources": "true"},
    status=node_state(1, [running("a")]) + node_state(2, [running("b")]) + node_state(3))
F["no-quorum-stops"] = cib(resources=prim("a") + prim("b"), quorum="0", status=node_state(1, [running("a")]) + node_state(2) + node_state(3, online=False))
F["no-quorum-ignore"] = cib(resources=prim("a") + prim("b"), quorum="0", options={"no-quorum-policy": "ignore"},
    status=node_state(1, [running("a")]) + node_state(2) + node_state(3, online=False))
F["priority-wins-last-node"] = cib(nodes=1, resources=prim("low", {"priority": "1"}) + prim("high", {"priority": "10"}),
    constraints='<rsc_colocation id="c" rsc="low" with-rsc="high" score="-INFINITY"/>', status=node_state(1, [running("low")]))
F["rsc-defaults-stickiness"] = cib(resources=prim("web"), defaults='<rsc_defaults><meta_attributes id="d"><nvpair id="d1" name="resource-stickiness" value="INFINITY"/></meta_attributes></rsc_defaults>',
    constraints='<rsc_location id="l" rsc="web" node="node1" score="1000"/>', status=node_state(1) + node_state(2, [running("web")]) + node_state(3))
F["node-standby-transient"] = cib(resources=prim("web"), status=node_state(1, [running("web")], transient={"standby": "on"}) + node_state(2) + node_state(3))
F["colocation-set-sequential"] = cib(resources=prim("a") + prim("b") + prim("c"),
    constraints='<rsc_location id="l" rsc="c" node="node2" score="10"/><rsc_colocation id="col-set" score="INFINITY"><resource_set id="s1"><resource_ref id="a"/><resource_ref id="b"/></resource_set><resource_set id="s2"><resource_ref id="c"/></resource_set></rsc_colocation>')
F["multiple-active-recovered"] = cib(resources=prim("web"), status=node_state(1, [running("web")]) + node_state(2, [running("web")]) + node_state(3))
F["offline-node-restarts-elsewhere"] = cib(resources=prim("web"), status=node_state(1) + node_state(2, [running("web")], online=False) + node_state(3))

def clone(cid, child, meta=None):
    m = ""
    if meta:
        m = f'<meta_attributes id="{cid}-meta">' + "".join(f'<nvpair id="{cid}-{k}" name="{k}" value="{v}"/>' for k, v in meta.items()) + "</meta_attributes>"
    return f'<clone id="{cid}">{m}{child}</clone>'

STATEFUL = 'class="ocf" provider="pacemaker" type="Stateful"'
def stateful(rid):
    return (f'<primitive id="{rid}" {STATEFUL}><operations><op id="{rid}-mp" name="monitor" interval="10s" role="Promoted"/>'
            f'<op id="{rid}-mu" name="monitor" interval="11s" role="Unpromoted"/></operations></primitive>')

def unpromoted(rsc):
    return (rsc, [op(rsc, "start"), op(rsc, "monitor", 11000)])

def promoted(rsc):
    # The promote replaces the start as the resource's last non-recurring operation (one *_last_0 entry).
    op(rsc, "start")
    return (rsc, [op(rsc, "promote"), op(rsc, "monitor", 10000, rc=8, target=8)])

def stateful_state(i, lrm=(), transient=None):
    s = node_state(i, lrm, transient=transient)
    return s.replace('provider="heartbeat" type="Dummy"', 'provider="pacemaker" type="Stateful"')

F["clone-anonymous-starts-everywhere"] = cib(resources=clone("web-clone", prim("web")))
F["clone-max-limits-instances"] = cib(nodes=4, resources=clone("web-clone", prim("web"), {"clone-max": "2"}),
    constraints='<rsc_location id="l" rsc="web-clone" node="node3" score="100"/>')
F["clone-instance-failure-recovers"] = cib(resources=clone("web-clone", prim("web")),
    status=node_state(1, [running("web")]) + node_state(2, [("web", [op("web", "start"), op("web", "monitor", 10000, rc=7)])], transient={"fail-count-web#monitor_10000": "1"}) + node_state(3, [running("web")]))
F["clone-banned-node-stops-instance"] = cib(resources=clone("web-clone", prim("web")),
    constraints='<rsc_location id="l" rsc="web-clone" node="node2" score="-INFINITY"/>',
    status=node_state(1, [running("web")]) + node_state(2, [running("web")]) + node_state(3))
F["colocation-with-clone"] = cib(resources=clone("base-clone", prim("base"), {"clone-max": "2"}) + prim("vip"),
    constraints='<rsc_location id="l" rsc="base-clone" node="node1" score="-INFINITY"/><rsc_colocation id="c" rsc="vip" with-rsc="base-clone" score="INFINITY"/>'
                '<rsc_location id="l2" rsc="vip" node="node3" score="50"/>')
F["clone-unique-two-per-node"] = cib(nodes=2, resources=clone("pool", prim("worker"), {"globally-unique": "true", "clone-max": "4", "clone-node-max": "2"}))
F["promotable-promotes-best-score"] = cib(resources=clone("db-clone", stateful("db"), {"promotable": "true"}),
    status=stateful_state(1, [unpromoted("db")], transient={"master-db": "5"}) + stateful_state(2, [unpromoted("db")], transient={"master-db": "100"})
    + stateful_state(3, [unpromoted("db")], transient={"master-db": "10"}))
F["promotable-failed-promoted-recovers"] = cib(resources=clone("db-clone", stateful("db"), {"promotable": "true"}),
    status=stateful_state(1, [("db", [op("db", "promote"), op("db", "monitor", 10000, rc=7, target=8)])], transient={"master-db": "100", "fail-count-db#monitor_10000": "1"})
    + stateful_state(2, [unpromoted("db")], transient={"master-db": "50"}) + stateful_state(3))
F["promotable-stays-promoted"] = cib(resources=clone("db-clone", stateful("db"), {"promotable": "true"}),
    status=stateful_state(1, [promoted("db")], transient={"master-db": "10"}) + stateful_state(2, [unpromoted("db")], transient={"master-db": "5"}) + stateful_state(3))

def prim_params(rid, params):
    ia = f'<instance_attributes id="{rid}-ia">' + "".join(f'<nvpair id="{rid}-{k}" name="{k}" value="{v}"/>' for k, v in params.items()) + "</instance_attributes>"
    return f'<primitive id="{rid}" class="ocf" provider="heartbeat" type="Dummy">{ia}</primitive>'

# The history was recorded with ip=10.0.0.1; the configuration now says 10.0.0.2.
F["definition-change-restarts"] = cib(resources=prim_params("vip", {"ip": "10.0.0.2"}) + prim_params("app", {"port": "80"}),
    status=node_state(1, [("vip", [op("vip", "start", params={"ip": "10.0.0.1"})]), ("app", [op("app", "start", params={"port": "80"})])]) + node_state(2) + node_state(3))
F["definition-change-in-group"] = cib(resources='<group id="grp">' + prim_params("fs", {"dev": "/dev/sdb"}) + prim_params("db", {"port": "5432"}) + "</group>",
    status=node_state(2, [("fs", [op("fs", "start", params={"dev": "/dev/sda"})]), ("db", [op("db", "start", params={"port": "5432"})])]) + node_state(1) + node_state(3))

# rsc_order with resource sets.
def oset(sid, ids, **attrs):
    a = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<resource_set id="{sid}"{a}>' + "".join(f'<resource_ref id="{r}"/>' for r in ids) + "</resource_set>"

F["order-set-two-sequential"] = cib(resources=prim("a") + prim("b", {"target-role": "Stopped"}) + prim("c") + prim("d"),
    constraints='<rsc_order id="o" kind="Mandatory">' + oset("s1", ["a", "b"], sequential="true") + oset("s2", ["c", "d"]) + "</rsc_order>")
F["order-set-unordered-middle"] = cib(resources=prim("a") + prim("b", {"target-role": "Stopped"}) + prim("c") + prim("d"),
    constraints='<rsc_order id="o" kind="Mandatory">' + oset("s1", ["a"]) + oset("s2", ["b", "c"], sequential="false") + oset("s3", ["d"]) + "</rsc_order>")
F["order-set-promote"] = cib(resources=clone("db-clone", stateful("db"), {"promotable": "true", "promoted-max": "1"}) + prim("app") + prim("web"),
    constraints='<rsc_order id="o" kind="Mandatory">' + oset("s1", ["db-clone"], action="promote") + oset("s2", ["app", "web"]) + "</rsc_order>",
    status=stateful_state(1, [unpromoted("db")]) + stateful_state(2, [unpromoted("db")]) + stateful_state(3, [unpromoted("db")]))
F["order-set-failure-symmetric"] = cib(resources=prim("a") + prim("b") + prim("c") + prim("d"),
    constraints='<rsc_order id="o" kind="Mandatory">' + oset("s1", ["a", "b"]) + oset("s2", ["c", "d"]) + "</rsc_order>",
    status=node_state(1, [running("a"), ("b", [op("b", "start"), op("b", "monitor", 10000, rc=7)]), running("c")], transient={"fail-count-b#monitor_10000": "1"}) + node_state(2, [running("d")]) + node_state(3))
F["order-set-stop-asymmetric"] = cib(resources=prim("a") + prim("b", {"target-role": "Stopped"}) + prim("c") + prim("d"),
    constraints='<rsc_order id="o" kind="Mandatory" symmetrical="false">' + oset("s1", ["a", "b"]) + oset("s2", ["c", "d"]) + "</rsc_order>",
    status=node_state(1, [running("a"), running("b"), running("c")]) + node_state(2, [running("d")]) + node_state(3))

# Role-based colocation with a promotable clone (with-rsc-role="Promoted").
PROMO3 = stateful_state(1, [unpromoted("db")], transient={"master-db": "10"}) + stateful_state(2, [unpromoted("db")], transient={"master-db": "5"}) + stateful_state(3, [unpromoted("db")], transient={"master-db": "5"})
F["colocation-with-promoted"] = cib(resources=clone("db-clone", stateful("db"), {"promotable": "true", "promoted-max": "1"}) + prim("vip"),
    constraints='<rsc_colocation id="c" rsc="vip" with-rsc="db-clone" with-rsc-role="Promoted" score="INFINITY"/>', status=PROMO3)
F["colocation-with-promoted-location-moves-promotion"] = cib(resources=clone("db-clone", stateful("db"), {"promotable": "true", "promoted-max": "1"}) + prim("vip"),
    constraints='<rsc_location id="l" rsc="vip" node="node3" score="100"/><rsc_colocation id="c" rsc="vip" with-rsc="db-clone" with-rsc-role="Promoted" score="INFINITY"/>', status=PROMO3)
F["colocation-anti-promoted"] = cib(resources=clone("db-clone", stateful("db"), {"promotable": "true", "promoted-max": "1"}) + prim("vip"),
    constraints='<rsc_location id="l" rsc="vip" node="node1" score="50"/><rsc_colocation id="c" rsc="vip" with-rsc="db-clone" with-rsc-role="Promoted" score="-INFINITY"/>', status=PROMO3)

# require-all="false": set2 may start once any one member of set1 can (Pacemaker's one-or-more:SET pseudo-action).
RA = lambda **a: '<rsc_order id="o" kind="Mandatory">' + oset("s1", ["a", "b"], require_all="false", **a) + oset("s2", ["c", "d"]) + "</rsc_order>"
F["order-set-require-all-false-one-runnable"] = cib(resources=prim("a", {"target-role": "Stopped"}) + prim("b") + prim("c") + prim("d"),
    constraints=RA(sequential="false"))
F["order-set-require-all-false-none-runnable"] = cib(resources=prim("a", {"target-role": "Stopped"}) + prim("b", {"target-role": "Stopped"}) + prim("c") + prim("d"),
    constraints=RA(sequential="false"))
F["order-set-require-all-false-none-stops-then"] = cib(resources=prim("a", {"target-role": "Stopped"}) + prim("b", {"target-role": "Stopped"}) + prim("c") + prim("d"),
    constraints=RA(sequential="false"), status=node_state(1, [running("a"), running("c")]) + node_state(2, [running("b"), running("d")]) + node_state(3))
F["order-set-require-all-false-sequential"] = cib(resources=prim("a", {"target-role": "Stopped"}) + prim("b") + prim("c") + prim("d"),
    constraints=RA())


# Colocations whose dependent has a role (rsc-role) or is a clone colocated with a role.
DB1 = clone("db-clone", stateful("db"), {"promotable": "true", "promoted-max": "1"})
APP1 = clone("app-clone", stateful("app"), {"promotable": "true", "promoted-max": "1"})
def coloc(cid, rsc, with_rsc, score, role=None, with_role=None):
    r = f' rsc-role="{role}"' if role else ""
    w = f' with-rsc-role="{with_role}"' if with_role else ""
    return f'<rsc_colocation id="{cid}" rsc="{rsc}"{r} with-rsc="{with_rsc}"{w} score="{score}"/>'
TWO_PROMO = (stateful_state(1, [unpromoted("db"), unpromoted("app")], transient={"master-db": "10", "master-app": "5"})
    + stateful_state(2, [unpromoted("db"), unpromoted("app")], transient={"master-db": "5", "master-app": "20"})
    + stateful_state(3, [unpromoted("db"), unpromoted("app")], transient={"master-db": "5", "master-app": "5"}))
F["colocation-dependent-role-promoted-with-primitive"] = cib(resources=DB1 + prim("vip"),
    constraints='<rsc_location id="l" rsc="vip" node="node3" score="100"/>' + coloc("c", "db-clone", "vip", "INFINITY", role="Promoted"), status=PROMO3)
F["colocation-dependent-role-promoted-with-primitive-negative"] = cib(resources=DB1 + prim("vip"),
    constraints='<rsc_location id="l" rsc="vip" node="node1" score="100"/>' + coloc("c", "db-clone", "vip", "-INFINITY", role="Promoted"), status=PROMO3)
F["colocation-dependent-role-promoted-with-primitive-finite"] = cib(resources=DB1 + prim("vip"),
    constraints='<rsc_location id="l" rsc="vip" node="node2" score="100"/>' + coloc("c", "db-clone", "vip", "20", role="Promoted"), status=PROMO3)
F["colocation-dependent-role-promoted-with-promoted"] = cib(resources=DB1 + APP1,
    constraints=coloc("c", "app-clone", "db-clone", "INFINITY", role="Promoted", with_role="Promoted"), status=TWO_PROMO)
F["colocation-dependent-role-promoted-with-promoted-finite"] = cib(resources=DB1 + APP1,
    constraints=coloc("c", "app-clone", "db-clone", "100", role="Promoted", with_role="Promoted"), status=TWO_PROMO)
F["colocation-dependent-role-clone-with-promoted"] = cib(resources=DB1 + clone("web-clone", prim("web")),
    constraints=coloc("c", "web-clone", "db-clone", "INFINITY", with_role="Promoted"), status=PROMO3)
F["colocation-dependent-role-unpromoted-with-promoted-anti"] = cib(resources=DB1 + APP1,
    constraints=coloc("c", "app-clone", "db-clone", "-INFINITY", role="Unpromoted", with_role="Promoted"), status=TWO_PROMO)
F["colocation-dependent-role-set-promoted"] = cib(resources=DB1 + APP1,
    constraints='<rsc_colocation id="c" score="INFINITY">' + oset("s1", ["app-clone"], role="Promoted") + oset("s2", ["db-clone"], role="Promoted") + "</rsc_colocation>",
    status=TWO_PROMO)

# Third generator pass: multiply-active recovery modes, maintenance, requires, suicide, cloned groups, colocation sets.
def ms(i, lrm=(), **kw):
    return node_state(i, lrm, **kw)
TWO_ACTIVE = ms(1, [running("web")]) + ms(2, [running("web")]) + ms(3)
F["multiple-active-stop-only"] = cib(resources=prim("web", {"multiple-active": "stop_only"}), status=TWO_ACTIVE)
F["multiple-active-block"] = cib(resources=prim("web", {"multiple-active": "block"}), status=TWO_ACTIVE)
F["multiple-active-stop-unexpected"] = cib(resources=prim("web", {"multiple-active": "stop_unexpected", "resource-stickiness": "100"}),
    constraints='<rsc_location id="l" rsc="web" node="node2" score="50"/>', status=TWO_ACTIVE)
F["node-maintenance-leaves-resources"] = cib(resources=prim("web") + prim("db"), node_attrs={1: {"maintenance": "true"}},
    constraints='<rsc_location id="l" rsc="web" node="node1" score="-INFINITY"/>',
    status=ms(1, [running("web")]) + ms(2) + ms(3))
F["resource-maintenance-meta"] = cib(resources=prim("web", {"maintenance": "true"}) + prim("db"),
    constraints='<rsc_location id="l" rsc="web" node="node1" score="-INFINITY"/>',
    status=ms(1, [running("web"), running("db")]) + ms(2) + ms(3))
F["no-quorum-suicide-fences"] = cib(resources=prim("web") + '<primitive id="fence" class="stonith" type="fence_xvm"/>',
    options={"stonith-enabled": "true", "no-quorum-policy": "suicide"}, quorum="0",
    status=ms(1, [running("fence", False)]) + ms(2, [running("web")]) + ms(3, online=False)).replace('dc-uuid="1"', 'dc-uuid="1" no-quorum-panic="1"')
F["no-quorum-suicide-never-had-quorum"] = cib(resources=prim("web") + '<primitive id="fence" class="stonith" type="fence_xvm"/>',
    options={"stonith-enabled": "true", "no-quorum-policy": "suicide"}, quorum="0",
    status=ms(1, [running("fence", False)]) + ms(2, [running("web")]) + ms(3, online=False))
F["requires-nothing-starts-without-quorum"] = cib(resources=prim("web", {"requires": "nothing"}) + prim("db"), quorum="0",
    status=ms(1) + ms(2) + ms(3, online=False))
GRP = '<group id="grp">' + prim("fs") + prim("app") + "</group>"
F["cloned-group-starts-everywhere"] = cib(resources=clone("grp-clone", GRP))
F["cloned-group-partial-instance-completes"] = cib(resources=clone("grp-clone", GRP),
    status=ms(1, [running("fs"), running("app")]) + ms(2, [running("app")]) + ms(3))
F["cloned-group-orders-after"] = cib(resources=clone("grp-clone", GRP, {"clone-max": "2"}) + prim("web"),
    constraints='<rsc_order id="o" first="grp-clone" then="web" kind="Mandatory"/><rsc_location id="l" rsc="grp-clone" node="node1" score="-INFINITY"/>',
    status=ms(1, [running("fs"), running("app")]) + ms(2) + ms(3, [running("web")]))
F["clone-requires-nothing-lost-node-orphan"] = cib(resources=clone("web-clone", prim("web"), {"clone-max": "2", "requires": "nothing"})
    + '<primitive id="fence" class="stonith" type="fence_xvm"/>', options={"stonith-enabled": "true"},
    status=ms(1) + ms(2, [running("web")], online=False, lost=True) + ms(3))
F["colocation-set-unordered-anti"] = cib(resources=prim("a") + prim("b") + prim("c"),
    constraints='<rsc_location id="l" rsc="c" node="node1" score="100"/><rsc_colocation id="c1" score="-INFINITY">'
    '<resource_set id="s1" sequential="false"><resource_ref id="a"/><resource_ref id="b"/></resource_set>'
    '<resource_set id="s2" sequential="false"><resource_ref id="c"/></resource_set></rsc_colocation>')

os.makedirs("features", exist_ok=True)
for name, xml in F.items():
    with open(f"features/{name}.xml", "w") as f:
        f.write(xml)
print(len(F), "feature CIBs")
