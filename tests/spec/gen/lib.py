# Encoding and formatting helpers only (a calculator). No IOMMU behaviour is computed here: every expected
# outcome (response, cause, record slot, memcas, MSI, message) is passed in explicitly by tests*.py.
import os

V, R, W, X, U, G, A, D = 1, 2, 4, 8, 16, 32, 64, 128
N_BIT = 1 << 63
TTYP = {'none': 0, 'exec': 1, 'read': 2, 'write': 3, 'texec': 5, 'tread': 6, 'twrite': 7, 'ats': 8, 'msg': 9}

DDT = 0x100000          # ddtp.PPN 0x100
FQ = 0x300000           # fqb.PPN 0x300
CQ = 0x400000           # cqb.PPN 0x400
PQ = 0x500000           # pqb.PPN 0x500
# tc bits
TC_V, TC_EN_ATS, TC_EN_PRI, TC_T2GPA, TC_DTF, TC_PDTV, TC_PRPR, TC_GADE, TC_SADE, TC_DPE, TC_SBE, TC_SXL = \
    [1 << i for i in range(12)]
OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def h(x):
    return f"0x{x:016x}"


def hx(x):
    return f"0x{x:x}"


def be64(x):
    """The 64-bit word memory holds for x stored big-endian (memory words are little-endian)."""
    return int.from_bytes(x.to_bytes(8, "little"), "big")


def be32(x):
    return int.from_bytes(x.to_bytes(4, "little"), "big")


def pte(ppn, flags):
    return (ppn << 10) | flags


def atp(mode, ppn, id16=0):
    """iosatp/iohgatp/pdtp/msiptp: MODE 63:60, (GSCID 59:44 for iohgatp), PPN 43:0"""
    return (mode << 60) | (id16 << 44) | ppn


class T:
    def __init__(self, name, header, config="config/full.cfg"):
        """config: the configuration the scenario is written for, from the repository root; the stimulus states
        it with `config PATH` (docs/formats.md), PATH relative to tests/spec/."""
        self.name = name
        rel = os.path.relpath(os.path.join(os.path.dirname(os.path.dirname(OUT)), config), OUT)
        self.s = ["iommu-stim 1", "config " + rel] + \
            ["# " + l if l else "#" for l in header.strip("\n").split("\n")] + [""]
        self.l = ["iommu-log 1"]

    # ---- stimulus
    def c(self, text):
        for l in text.strip("\n").split("\n"):
            self.s.append("# " + l)

    def blank(self):
        self.s.append("")

    def raw(self, line):
        self.s.append(line)

    def mem(self, addr, data, cmt=""):
        assert addr % 8 == 0
        self.s.append(f"mem {hx(addr)} {hx(data)}" + (f"    # {cmt}" if cmt else ""))

    def memerr(self, addr, kind, cmt=""):
        self.s.append(f"memerr {hx(addr)} {kind}" + (f"    # {cmt}" if cmt else ""))

    def dc(self, did, tc, iohgatp=0, ta=0, fsc=0, msiptp=0, mask=0, pattern=0, rsv=0, leaf=DDT, cmt=""):
        a = leaf + (did & 0x3f) * 64
        self.s.append(f"# DC (extended format, 64 bytes) of device {hx(did)} at {hx(leaf)} + DDI[0]={did & 0x3f}*64 = {hx(a)}"
                      + (f": {cmt}" if cmt else ""))
        for k, (v, n) in enumerate([(tc, "tc"), (iohgatp, "iohgatp"), (ta, "ta"), (fsc, "fsc"), (msiptp, "msiptp"),
                                    (mask, "msi_addr_mask"), (pattern, "msi_addr_pattern"), (rsv, "reserved")]):
            self.mem(a + 8 * k, v, n)

    def write(self, reg, val, cmt="", size=None):
        self.s.append(f"write {reg} {hx(val)}" + (f" size={size}" if size else "") + (f"    # {cmt}" if cmt else ""))

    def read(self, reg, val, cmt="", size=None):
        self.s.append(f"read {reg}" + (f" size={size}" if size else "") + f"    # expect {h(val)}" + (f": {cmt}" if cmt else ""))
        self.l.append(f"read {reg} value={h(val)}")

    def poll(self, reg, mask, value, final, cmt=""):
        self.s.append(f"poll {reg} {hx(mask)} {hx(value)}" + (f"    # {cmt}" if cmt else ""))
        self.l.append(f"poll {reg} value={h(final)}")

    def dma(self, tag, did, ttyp, iova, pid=None, priv=None, cmt=""):
        line = f"dma tag={tag} did={hx(did)} ttyp={ttyp} iova={hx(iova)}"
        if pid is not None:
            line += f" pid={hx(pid)}"
        if priv is not None:
            line += f" priv={priv}"
        self.s.append(line + (f"    # {cmt}" if cmt else ""))

    def cmd(self, line, cmt=""):
        self.s.append(line + (f"    # {cmt}" if cmt else ""))

    # ---- common set-up
    def fq_on(self, log2sz=4, fie=0):
        self.write("fqb", (0x300 << 10) | (log2sz - 1), f"fault queue at 0x300000 (PPN bits 53:10), LOG2SZ-1={log2sz-1} ({2**log2sz} entries)")
        self.write("fqcsr", 0x1 | (fie << 1), "fqen" + (" | fie" if fie else " (fie=0: no fault interrupt, so no MSI)"))
        self.poll("fqcsr", 0x30000, 0x10000, 0x10001 | (fie << 1), "fqon(16)=1, busy(17)=0")

    def ddtp(self, mode, cmt=""):
        v = (0x100 << 10) | mode
        self.write("ddtp", v, cmt or f"PPN 0x100 in bits 53:10 | iommu_mode {mode}")
        self.poll("ddtp", 0x10, 0x0, v, "busy(bit 4)=0")

    # ---- expected log
    def note(self, text):
        self.s.append("#   -> " + text)

    def log(self, line):
        self.l.append(line)

    def ok(self, tag, pa, why=""):
        self.note(f"ok pa={hx(pa)}" + (f" ({why})" if why else ""))
        self.l.append(f"rsp tag={tag} ok pa={h(pa)}")

    def record(self, slot, cause, ttyp, did, iotval, iotval2=0, pid=None, priv=0, base=FQ, fail_k=None, fail_kind="access",
               big_endian=False):
        pv = 1 if pid is not None else 0
        dw0 = cause | ((pid or 0) << 12) | (pv << 32) | (priv << 33) | (TTYP[ttyp] << 34) | (did << 40)
        words = [dw0, 0, iotval, iotval2]
        self.note(f"record at FQ slot {slot} ({hx(base + 32 * slot)}): dw0 = CAUSE {cause} | PID {hx(pid or 0)}<<12 | PV {pv}<<32"
                  f" | PRIV {priv}<<33 | TTYP {TTYP[ttyp]}<<34 | DID {hx(did)}<<40 = {hx(dw0)}; dw1 = 0;"
                  f" dw2 iotval = {hx(iotval)}; dw3 iotval2 = {hx(iotval2)}")
        for k in range(4):
            st = fail_kind if fail_k == k else "ok"
            self.l.append(f"memwr addr={h(base + 32 * slot + 8 * k)} data={h(be64(words[k]) if big_endian else words[k])} status={st}")
            if st != "ok":
                break

    def fault(self, tag, cause, why=""):
        self.note(f"fault cause {cause}" + (f" ({why})" if why else ""))
        self.l.append(f"rsp tag={tag} fault cause={cause}")

    def fault_rec(self, tag, cause, slot, ttyp, did, iotval, iotval2=0, pid=None, priv=0, why="", big_endian=False):
        self.note(f"fault cause {cause}" + (f" ({why})" if why else ""))
        self.record(slot, cause, ttyp, did, iotval, iotval2, pid, priv, big_endian=big_endian)
        self.l.append(f"rsp tag={tag} fault cause={cause}")

    def memwr4(self, addr, data, status="ok", why=""):
        self.note(f"4-byte write {hx(data)} to {hx(addr)} status {status}" + (f" ({why})" if why else ""))
        self.l.append(f"memwr addr={h(addr)} data={h(data)} size=4 status={status}")

    def memwr8(self, addr, data, status="ok", why=""):
        self.note(f"8-byte write {hx(data)} to {hx(addr)} status {status}" + (f" ({why})" if why else ""))
        self.l.append(f"memwr addr={h(addr)} data={h(data)} status={status}")

    def memcas(self, addr, cmp, data, old, status="ok", why=""):
        self.note(f"A/D update: CAS at {hx(addr)} cmp {hx(cmp)} data {hx(data)}" + (f" ({why})" if why else ""))
        self.l.append(f"memcas addr={h(addr)} cmp={h(cmp)} data={h(data)} old={h(old)} status={status}")

    def ats_ok(self, tag, pa, size, r, w, x=0, u=0, g=0, priv=0, n=0, ama=0, why=""):
        self.note(f"ATS success pa={hx(pa)} size={hx(size)} r={r} w={w} x={x} u={u} g={g} priv={priv}" + (f" ({why})" if why else ""))
        self.l.append(f"ats tag={tag} status=success pa={h(pa)} size={hx(size)} r={r} w={w} x={x} u={u} g={g} priv={priv} n={n} ama={ama}")

    def ats_nores(self, tag, why=""):
        self.ats_ok(tag, 0, 0x1000, 0, 0, why=why or "success with R=W=0: no fault record")

    def ats_err(self, tag, status, why=""):
        self.note(f"ATS completion {status.upper()}" + (f" ({why})" if why else ""))
        self.l.append(f"ats tag={tag} status={status}")

    def mrif(self, tag, addr, notice, nid, why=""):
        self.note(f"MRIF response addr {hx(addr)} notice {hx(notice)} nid {hx(nid)}" + (f" ({why})" if why else ""))
        self.l.append(f"rsp tag={tag} mrif addr={h(addr)} notice={h(notice)} nid={h(nid)}")

    def msg_inval(self, did, itag, payload, pid=None):
        self.note(f"Invalidation Request to device {did} ITag {itag} payload {hx(payload)}" + (f" PASID {pid}" if pid is not None else ""))
        self.l.append(f"msg did={did} type=inval itag={itag} payload={h(payload)}" + (f" pid={pid}" if pid is not None else ""))

    def msg_prgr(self, did, payload, pid=None, why=""):
        self.note(f"Page Request Group Response to device {did} payload {hx(payload)}" + (f" PASID {pid}" if pid is not None else "")
                  + (f" ({why})" if why else ""))
        self.l.append(f"msg did={did} type=prgr payload={h(payload)}" + (f" pid={pid}" if pid is not None else ""))

    def irq(self, vec, level):
        self.note(f"wire {vec} -> {level}")
        self.l.append(f"irq vec={vec} level={level}")

    def save(self):
        self.l.append("end")
        with open(os.path.join(OUT, self.name + ".stim"), "w") as f:
            f.write("\n".join(self.s) + "\n")
        with open(os.path.join(OUT, self.name + ".log"), "w") as f:
            f.write("\n".join(self.l) + "\n")
