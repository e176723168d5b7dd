#!/usr/bin/env python3
# Syntax check of tests/spec/*.stim and *.log against docs/formats.md (stimulus v1, log v1). Format only.
import glob, os, re, sys

D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGS = {"capabilities", "fctl", "ddtp", "cqb", "cqh", "cqt", "fqb", "fqh", "fqt", "pqb", "pqh", "pqt", "cqcsr",
        "fqcsr", "pqcsr", "ipsr", "iocountovf", "iocountinh", "iohpmcycles", "tr_req_iova", "tr_req_ctl",
        "tr_response", "iommu_qosid", "icvec"}
NUM = r"(?:0x[0-9a-fA-F]+|[0-9]+)"
H16 = r"0x[0-9a-f]{16}"
ST = r"(?:ok|access|corrupt)"
err = 0


def bad(f, n, m):
    global err
    err += 1
    print(f"{f}:{n}: {m}")


def num(x):
    return int(x, 0)


def reg_ok(r):
    return r in REGS or (re.fullmatch(NUM, r) and num(r) < 4096)


STIM = {
    "mem": rf"mem {NUM} {NUM}( cas)?",
    "memerr": rf"memerr {NUM} (access|corrupt|ok)( write)?",
    "write": rf"write (\S+) {NUM}( size=(4|8))?",
    "read": r"read (\S+)",
    "poll": rf"poll (\S+) {NUM} {NUM}( max={NUM})?",
    "wait": rf"wait {NUM}",
    "invcpl": rf"invcpl did={NUM} itags={NUM}",
    "atstimeout": r"atstimeout",
}
LOG = [
    rf"rsp tag=\d+ ok pa={H16}", r"rsp tag=\d+ fault cause=\d+",
    rf"memwr addr={H16} data={H16}( size=4)? status={ST}",
    rf"memcas addr={H16} cmp={H16} data={H16} old={H16} status={ST}",
    rf"ats tag=\d+ status=success pa={H16} size=0x[0-9a-f]+ r=[01] w=[01] x=[01] u=[01] g=[01] priv=[01] n=[01] ama=[0-7]",
    r"ats tag=\d+ status=(ur|ca)",
    rf"rsp tag=\d+ mrif addr={H16} notice={H16} nid={H16}",
    rf"msg did=\d+ type=inval itag=\d+ payload={H16}( pid=\d+)?",
    rf"msg did=\d+ type=prgr payload={H16}( pid=\d+)?",
    r"irq vec=\d+ level=[01]", rf"read \S+ value={H16}", rf"poll \S+ value={H16}",
]


def check_kv(f, n, words, req, allowed):
    kv = {}
    for w in words:
        if "=" not in w:
            bad(f, n, f"expected key=value, got {w!r}")
            continue
        k, v = w.split("=", 1)
        if k not in allowed:
            bad(f, n, f"unknown key {k}")
        kv[k] = v
    for k in req:
        if k not in kv:
            bad(f, n, f"missing {k}")
    return kv


for stim in sorted(glob.glob(os.path.join(D, "*.stim"))):
    name = os.path.basename(stim)
    lines = open(stim).read().split("\n")
    body = [(i + 1, l.split("#")[0].strip()) for i, l in enumerate(lines)]
    body = [(n, re.sub(r"\s+", " ", l)) for n, l in body if l]
    if not lines[0].startswith("iommu-stim 1") or body[0][1] != "iommu-stim 1":
        bad(name, 1, "first line must be 'iommu-stim 1'")
    # the configuration the scenario is written for, stated right after the header (docs/formats.md)
    if len(body) < 2 or not re.fullmatch(r"config \S+\.cfg", body[1][1]) or body[1][0] != 2:
        bad(name, 2, "expected 'config PATH' right after the header")
    elif not os.path.exists(os.path.join(D, body[1][1].split(" ")[1])):
        bad(name, 2, f"config file {body[1][1].split(' ')[1]} (from tests/spec/) does not exist")
    else:
        body = body[:1] + body[2:]
    if not lines[2].startswith("# "):
        bad(name, 3, "comment block expected")
    tags = []
    expect = {"read": [], "poll": []}
    for n, l in body[1:]:
        w = l.split(" ")
        c = w[0]
        if c == "dma":
            kv = check_kv(name, n, w[1:], ["tag", "did", "ttyp", "iova"], ["tag", "did", "ttyp", "iova", "pid", "priv"])
            if kv.get("ttyp") not in ("exec", "read", "write", "texec", "tread", "twrite", "ats"):
                bad(name, n, "bad ttyp")
            if "priv" in kv and kv["priv"] not in ("u", "s"):
                bad(name, n, "bad priv")
            tags.append(int(kv.get("tag", "0"), 0))
            if num(kv.get("did", "0")) >= 1 << 24 or num(kv.get("pid", "0")) >= 1 << 20:
                bad(name, n, "did/pid out of range")
        elif c == "pgreq":
            kv = check_kv(name, n, w[1:], ["did", "addr", "prgi"], ["did", "addr", "pid", "priv", "exec", "r", "w", "last", "prgi"])
            if num(kv.get("prgi", "0")) > 511:
                bad(name, n, "prgi out of range")
        elif c in STIM:
            if not re.fullmatch(STIM[c], l):
                bad(name, n, f"malformed {c}: {l!r}")
            elif c in ("write", "read", "poll"):
                if not reg_ok(w[1]):
                    bad(name, n, f"unknown register {w[1]}")
                if c != "write":
                    expect[c].append(w[1])
            if c == "mem" and num(w[1]) % 8:
                bad(name, n, "mem address not 8-byte aligned")
        else:
            bad(name, n, f"unknown command {c}")
    logf = stim[:-5] + ".log"
    if not os.path.exists(logf):
        bad(name, 0, "no .log")
        continue
    ll = open(logf).read().split("\n")
    lname = os.path.basename(logf)
    if ll[0] != "iommu-log 1":
        bad(lname, 1, "header")
    if ll[-1] != "" or ll[-2] != "end":
        bad(lname, len(ll), "must end with 'end' and a newline")
    rtags, got = [], {"read": [], "poll": []}
    for i, l in enumerate(ll[1:-2]):
        if not any(re.fullmatch(p, l) for p in LOG):
            bad(lname, i + 2, f"malformed line {l!r}")
        m = re.match(r"(rsp|ats) tag=(\d+)", l)
        if m:
            rtags.append(int(m.group(2)))
        m = re.match(r"(read|poll) (\S+) value=", l)
        if m:
            got[m.group(1)].append(m.group(2))
    if rtags != tags:
        bad(lname, 0, f"response tags {rtags} != dma tags {tags} (in order)")
    for k in got:
        if got[k] != expect[k]:
            bad(lname, 0, f"{k} lines {got[k]} != stimulus {expect[k]}")
print(f"{len(glob.glob(os.path.join(D, '*.stim')))} stimulus files checked, {err} problems")
sys.exit(1 if err else 0)
