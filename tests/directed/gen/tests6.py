# Hand-written expectations for the directed tests (see regen.sh). Not a model of the IOMMU.
from lib import *
from tests1 import OUT, common_pt_comment

CQ = 0x400000           # cqb.PPN = 0x400
FENCE = 0x480000        # where IOFENCE.C writes its DATA


# Command encodings (spec "Command-Queue (CQ)": opcode 6:0, func3 9:7, then each command's operands).
def iotinval_vma(av=0, pscv=0, pscid=0, addr=0, gv=0):
    return (1 | av << 10 | pscid << 12 | pscv << 32 | gv << 33), (addr >> 12) << 10


def iofence_c(av=0, wsi=0, data=0, addr=0):
    return (2 | av << 10 | wsi << 11 | data << 32), addr >> 2


def iodir_inval_ddt(dv=0, did=0):
    return (3 | dv << 33 | did << 40), 0


def cmd(t, slot, words, cmt):
    t.mem(CQ + 16 * slot, words[0], f"cq[{slot}] dw0: {cmt}")
    t.mem(CQ + 16 * slot + 8, words[1], f"cq[{slot}] dw1")


def fence_write(t, addr, data):
    t.s.append(f"#   -> IOFENCE.C writes the 4 bytes {hx(data)} at {hx(addr)}")
    t.l.append(f"memwr addr={h(addr)} data={h(data)} size=4 status=ok")


# ---------------------------------------------------------------- cq_invalidation
def cq_invalidation():
    t = T("cq_invalidation", """
cq_invalidation: the command queue of the RTL configuration (docs/microarch.md version 2, section 5.4). Page
tables and a device context change in memory; after IOTINVAL.VMA / IODIR.INVAL_DDT and an IOFENCE.C that
completes (its 4-byte DATA write is logged as memwr size=4, at ADDR; bit 2 of ADDR picks the half), requests
see the new contents. No request is made between a table change and its invalidation (there, the old or the
new value may be used). Commands: IOTINVAL.VMA with AV/PSCV (and on a global page), IODIR.INVAL_DDT with
DV=1 and DV=0, IOFENCE.C with and without AV. An unsupported command (IOTINVAL.GVMA: no second stage) sets
cmd_ill, stops the queue with cqh at it and, with cie=1, raises cip on icvec.civ's wire; rewritten in memory
and cmd_ill cleared (W1C), the queue resumes at cqh. A ddtp change (Bare and back) needs no invalidation.
cqcsr bits: cqen 0, cie 1, cqmf 8, cmd_to 9, cmd_ill 10, fence_w_ip 11, cqon 16, busy 17. icvec: civ 3:0,
fiv 7:4. ipsr: cip 0, fip 1.
Spec: iommu_in_memory_queues.adoc "Command-Queue (CQ)", "IOMMU Page-Table cache invalidation commands",
"IOMMU Command-queue Fence commands", "IOMMU directory cache invalidation commands"; iommu_registers.adoc
cqb, cqh, cqt, cqcsr, ipsr, icvec; iommu_sw_guidelines.adoc "Guidelines for invalidations".
""")
    common_pt_comment(t)
    t.c("Command queue at 0x400000 (cqb.PPN 0x400), 16 entries; IOFENCE.C writes go to 0x480000..")
    t.blank()
    t.dc(1, 0x1, 0, 0x11 << 12, SV39_FSC, "tc.V=1; ta.PSCID=0x11; fsc Sv39 root 0x200000")
    t.dc(2, 0x1, 0, 0x22 << 12, SV39_FSC, "tc.V=1; ta.PSCID=0x22; the same page tables")
    t.mem(ROOT + 1 * 8, pte(0x201, V), "root[1] -> L1 table 0x201000")
    t.mem(0x201000 + 0 * 8, pte(0x202, V), "L1[0] -> L0 table 0x202000")
    t.mem(0x202000 + 0 * 8, pte(0x80000, V | R | W | U | A | D), "L0[0]: 0x40000000 -> PA 0x80000000 RW")
    t.mem(0x202000 + 1 * 8, pte(0x80001, V | R | W | U | G | A | D), "L0[1]: 0x40001000 -> PA 0x80001000 RW, G=1")
    t.blank()
    t.fq_setup(icvec=0x2)
    t.c("icvec = 0x2: civ = 2, fiv = 0")
    t.ddtp_1lvl()
    t.write("cqb", (0x400 << 10) | 3, "PPN 0x400 in bits 53:10, LOG2SZ-1 = 3 (16 entries)")
    t.write("cqcsr", 0x3, "cqen | cie")
    t.poll("cqcsr", 0x30000, 0x10000, 0x10003, "until cqon(16)=1, busy(17)=0")
    t.blank()
    t.dma(1, 1, "read", 0x40000100, cmt="walk root[1], L1[0], L0[0]")
    t.ok(1, 0x80000100)
    t.dma(2, 1, "write", 0x40000200, cmt="same page")
    t.ok(2, 0x80000200)
    t.mem(0x202000 + 0 * 8, pte(0x90000, V | R | W | U | A | D), "L0[0] now maps PA 0x90000000")
    cmd(t, 0, iotinval_vma(av=1, pscv=1, pscid=0x11, addr=0x40000000), "IOTINVAL.VMA AV=1 PSCV=1 PSCID=0x11 ADDR=0x40000000")
    cmd(t, 1, iofence_c(av=1, data=0x1234, addr=FENCE), "IOFENCE.C AV=1 DATA=0x1234 ADDR=0x480000")
    t.write("cqt", 2)
    fence_write(t, FENCE, 0x1234)
    t.poll("cqh", 0xffffffff, 2, 2, "both commands done")
    t.dma(3, 1, "read", 0x40000100, cmt="after the invalidation: the new leaf")
    t.ok(3, 0x90000100)
    t.blank()
    t.dma(4, 1, "read", 0x40001010, cmt="the global page")
    t.ok(4, 0x80001010)
    t.dma(10, 2, "read", 0x40000300, cmt="device 2 (PSCID 0x22): not named by the PSCID 0x11 invalidations below")
    t.ok(10, 0x90000300)
    t.mem(0x202000 + 1 * 8, pte(0x91001, V | R | W | U | G | A | D), "L0[1] now maps PA 0x91001000, G=1")
    cmd(t, 2, iotinval_vma(pscv=1, pscid=0x11), "IOTINVAL.VMA PSCV=1 PSCID=0x11 (keeps global entries)")
    cmd(t, 3, iotinval_vma(av=1, addr=0x40001000), "IOTINVAL.VMA AV=1 ADDR=0x40001000 (global ones too)")
    cmd(t, 4, iofence_c(av=1, data=0x2, addr=FENCE + 4), "IOFENCE.C AV=1 DATA=2 ADDR=0x480004 (upper half)")
    t.write("cqt", 5)
    fence_write(t, FENCE + 4, 0x2)
    t.poll("cqh", 0xffffffff, 5, 5)
    t.dma(5, 1, "read", 0x40001010, cmt="the new global leaf")
    t.ok(5, 0x91001010)
    t.blank()
    t.mem(DDT + 1 * 32 + 16, 0x22 << 12, "did 1's ta.PSCID becomes 0x22")
    t.mem(0x202000 + 0 * 8, pte(0x90005, V | R | W | U | A | D), "and L0[0] maps PA 0x90005000")
    cmd(t, 5, iodir_inval_ddt(dv=1, did=1), "IODIR.INVAL_DDT DV=1 DID=1")
    cmd(t, 6, iotinval_vma(pscv=1, pscid=0x11), "IOTINVAL.VMA PSCV=1 PSCID=0x11")
    cmd(t, 7, iofence_c(), "IOFENCE.C AV=0 (no write)")
    t.write("cqt", 8)
    t.poll("cqh", 0xffffffff, 8, 8)
    t.dma(6, 1, "read", 0x40000100, cmt="new DC (PSCID 0x22), new leaf")
    t.ok(6, 0x90005100)
    t.blank()
    t.mem(DDT + 1 * 32, 0x0, "did 1's tc.V = 0")
    cmd(t, 8, iodir_inval_ddt(), "IODIR.INVAL_DDT DV=0 (all)")
    cmd(t, 9, iofence_c(av=1, data=0x3, addr=FENCE + 8), "IOFENCE.C AV=1 DATA=3 ADDR=0x480008")
    t.write("cqt", 10)
    fence_write(t, FENCE + 8, 0x3)
    t.poll("cqh", 0xffffffff, 10, 10)
    t.dma(7, 1, "read", 0x40000100, cmt="DC not valid")
    t.fault(7, 258, "read", 1, 0x40000100, slot=0, irq=0, why="DDT entry not valid")
    t.blank()
    cmd(t, 10, (0x81, 0), "IOTINVAL.GVMA (func3 1): unsupported, no second stage")
    cmd(t, 11, iofence_c(av=1, data=0x4, addr=FENCE + 12), "IOFENCE.C AV=1 DATA=4 ADDR=0x48000c")
    t.write("cqt", 12)
    t.s.append("#   -> cmd_ill = 1 with cie = 1: ipsr.cip 0->1 raises wire 2 (civ)")
    t.irq(2, 1)
    t.poll("cqcsr", 0x400, 0x400, 0x10403, "cmd_ill set; cqon, cie, cqen")
    t.read("cqh", 10, "stopped at the illegal command")
    cmd(t, 10, iofence_c(), "rewritten: IOFENCE.C AV=0")
    t.write("cqcsr", 0x403, "W1C cmd_ill, keep cqen | cie")
    fence_write(t, FENCE + 12, 0x4)
    t.poll("cqh", 0xffffffff, 12, 12, "resumed at cq[10]")
    t.read("ipsr", 0x3, "cip and fip still set (cleared only by software)")
    t.write("ipsr", 0x1, "W1C cip: the condition is gone (cmd_ill 0)")
    t.s.append("#   -> wire 2 falls")
    t.irq(2, 0)
    t.read("ipsr", 0x2, "fip only")
    t.blank()
    t.mem(DDT + 1 * 32, 0x1, "did 1's tc.V = 1 again (PSCID 0x22)")
    t.write("ddtp", 0x1, "Bare: no invalidation needed when the mode changes")
    t.poll("ddtp", 0x10, 0x0, 0x1)
    t.dma(8, 1, "read", 0x40000100, cmt="Bare")
    t.ok(8, 0x40000100)
    t.ddtp_1lvl()
    t.dma(9, 1, "read", 0x40000100, cmt="the directory again: the DC is read anew")
    t.ok(9, 0x90005100)
    t.read("cqcsr", 0x10003)
    t.dma(11, 2, "read", 0x40000300, cmt="device 2 after the ddtp change: its DC and leaf read anew")
    t.ok(11, 0x90005300)
    t.read("fqt", 1, "one fault record")
    t.save(OUT)


if __name__ == "__main__":
    cq_invalidation()
