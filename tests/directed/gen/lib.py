# Encoding helpers only (a calculator): no IOMMU behaviour is computed here.
# Every expected outcome (cause, pa, queue slot, irq) is passed in explicitly by the test author.
import os

V, R, W, X, U, G, A, D = 1, 2, 4, 8, 16, 32, 64, 128
TTYP = {'exec': 1, 'read': 2, 'write': 3, 'texec': 5, 'tread': 6, 'twrite': 7, 'ats': 8}

DDT = 0x100000          # ddtp.PPN = 0x100
ROOT = 0x200000         # iosatp.PPN = 0x200
FQ = 0x300000           # fqb.PPN = 0x300
DDTP_1LVL = (0x100 << 10) | 2     # 0x40002
SV39_FSC = (8 << 60) | 0x200      # iosatp.MODE=Sv39(8) bits 63:60, PPN=0x200
FQCSR_ON = 0x10003      # fqon(16) | fie(1) | fqen(0)


def h(x):
    return f"0x{x:016x}"


def hx(x):
    return f"0x{x:x}"


def pte(ppn, flags):
    return (ppn << 10) | flags


def fqb(log2sz):
    return (0x300 << 10) | (log2sz - 1)


class T:
    def __init__(self, name, header, wsi=True):
        """wsi: start with fctl.WSI = 1, so that ipsr bits drive wires (fctl resets to 0 = messages since
        docs/microarch.md version 3); a test of MSIs or of fctl itself passes False."""
        self.name = name
        self.s = ["iommu-stim 1"] + ["# " + l if l else "#" for l in header.strip("\n").split("\n")] + [""]
        self.l = ["iommu-log 1"]
        if wsi:
            self.write("fctl", 0x2, "fctl.WSI = 1: wired interrupts (the reset value 0 selects MSIs, version 3)")

    # ---- stimulus
    def c(self, text):
        for l in text.strip("\n").split("\n"):
            self.s.append("# " + l)

    def blank(self):
        self.s.append("")

    def mem(self, addr, data, cmt=""):
        self.s.append(f"mem {hx(addr)} {hx(data)}" + (f"    # {cmt}" if cmt else ""))

    def memerr(self, addr, kind, cmt=""):
        self.s.append(f"memerr {hx(addr)} {kind}" + (f"    # {cmt}" if cmt else ""))

    def dc(self, did, tc, iohgatp=0, ta=0, fsc=0, cmt=""):
        a = DDT + (did & 0x7f) * 32
        self.s.append(f"# DC of device {hx(did)} at {hx(DDT)} + {did & 0x7f}*32 = {hx(a)}" + (f": {cmt}" if cmt else ""))
        self.mem(a, tc, "tc")
        self.mem(a + 8, iohgatp, "iohgatp")
        self.mem(a + 16, ta, "ta")
        self.mem(a + 24, fsc, "fsc")

    def write(self, reg, val, cmt="", size=None):
        self.s.append(f"write {reg} {hx(val)}" + (f" size={size}" if size else "") + (f"    # {cmt}" if cmt else ""))

    def read(self, reg, val, cmt=""):
        self.s.append(f"read {reg}" + (f"    # expect {h(val)}" + (f": {cmt}" if cmt else "")))
        self.l.append(f"read {reg} value={h(val)}")

    def poll(self, reg, mask, value, final, cmt=""):
        self.s.append(f"poll {reg} {hx(mask)} {hx(value)}" + (f"    # {cmt}" if cmt else ""))
        self.l.append(f"poll {reg} value={h(final)}")

    def fq_setup(self, log2sz=5, icvec=None):
        self.write("fqb", fqb(log2sz), f"PPN 0x300 in bits 53:10, LOG2SZ-1={log2sz-1} in bits 4:0 ({2**log2sz} entries)")
        self.write("fqcsr", 0x3, "fqen(bit 0) | fie(bit 1)")
        self.poll("fqcsr", 0x30000, 0x10000, FQCSR_ON, "until fqon(bit 16)=1, busy(bit 17)=0; reads fqon|fie|fqen = 0x10003")
        if icvec is not None:
            self.write("icvec", icvec)

    def ddtp_1lvl(self):
        self.write("ddtp", DDTP_1LVL, "PPN 0x100 << 10 | iommu_mode 1LVL (2)")
        self.poll("ddtp", 0x10, 0x0, DDTP_1LVL, "until busy(bit 4)=0; reads 0x40002")

    def dma(self, tag, did, ttyp, iova, pid=None, priv=None, cmt=""):
        line = f"dma tag={tag} did={hx(did)} ttyp={ttyp} iova={hx(iova)}"
        if pid is not None:
            line += f" pid={hx(pid)}"
        if priv is not None:
            line += f" priv={priv}"
        self.s.append(line + (f"    # {cmt}" if cmt else ""))

    # ---- expected log
    def ok(self, tag, pa, why=""):
        self.s.append(f"#   -> ok pa={hx(pa)}" + (f" ({why})" if why else ""))
        self.l.append(f"rsp tag={tag} ok pa={h(pa)}")

    def fault(self, tag, cause, ttyp=None, did=None, iova=None, slot=None, irq=None, pid=None, priv=0,
              fail_k=None, fail_kind="access", why=""):
        """slot: queue index the record is written at (None = no record written).
        irq: wire number that rises from 0 to 1 (None = no wire change).
        fail_k: the record doubleword whose write returns an error (then writes stop)."""
        note = f"#   -> fault cause {cause}" + (f" ({why})" if why else "")
        if slot is None:
            note += "; no fault record"
        if slot is not None:
            dw0 = cause | ((pid or 0) << 12) | ((1 if pid is not None else 0) << 32) | (priv << 33) \
                | (TTYP[ttyp] << 34) | (did << 40)
            words = [dw0, 0, iova, 0]
            note += (f"; record at slot {slot} = {hx(FQ + slot * 32)}: dw0 = CAUSE {cause} | PID {hx(pid or 0)}<<12"
                     f" | PV {1 if pid is not None else 0}<<32 | PRIV {priv}<<33 | TTYP {TTYP[ttyp]}<<34 | DID {hx(did)}<<40"
                     f" = {hx(dw0)}, dw1 = 0, dw2 = iotval = IOVA, dw3 = iotval2 = 0")
            for k in range(4):
                st = "ok"
                if fail_k is not None and k == fail_k:
                    st = fail_kind
                self.l.append(f"memwr addr={h(FQ + slot * 32 + 8 * k)} data={h(words[k])} status={st}")
                if st != "ok":
                    break
        if irq is not None:
            note += f"; ipsr.fip 0->1 raises wire {irq}"
            self.l.append(f"irq vec={irq} level=1")
        self.s.append(note)
        self.l.append(f"rsp tag={tag} fault cause={cause}")

    def irq(self, vec, level):
        self.l.append(f"irq vec={vec} level={level}")

    def save(self, outdir):
        self.l.append("end")
        with open(os.path.join(outdir, self.name + ".stim"), "w") as f:
            f.write("\n".join(self.s) + "\n")
        with open(os.path.join(outdir, self.name + ".log"), "w") as f:
            f.write("\n".join(self.l) + "\n")
