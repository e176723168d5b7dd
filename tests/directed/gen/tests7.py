# Hand-written expectations for the directed tests (see regen.sh). Not a model of the IOMMU.
# docs/microarch.md version 4: the two- and three-level device directory.
from lib import *
from tests1 import OUT
from tests2 import simple_map

DDTP_2LVL = (0x100 << 10) | 3     # 0x40003
DDTP_3LVL = (0x100 << 10) | 4     # 0x40004
FQCSR_ON_NOIE = 0x10001           # fqon(16) | fqen(0): no fie, so no interrupt (independent of fctl.WSI)


def ddte(table, extra=0):
    """A non-leaf DDT entry: PPN in bits 53:10, V in bit 0 (plus the bits in extra)."""
    return ((table >> 12) << 10) | V | extra


def dc_at(t, leaf, did, tc, fsc, cmt):
    a = leaf + (did & 0x7f) * 32
    t.c(f"DC of device {hx(did)} at leaf table {hx(leaf)} + DDI[0] {did & 0x7f}*32 = {hx(a)}: {cmt}")
    t.mem(a, tc, "tc")
    t.mem(a + 8, 0, "iohgatp")
    t.mem(a + 16, 0, "ta")
    t.mem(a + 24, fsc, "fsc")


def fq_on(t):
    t.write("fqb", fqb(5), "PPN 0x300 in bits 53:10, LOG2SZ-1=4 in bits 4:0 (32 entries)")
    t.write("fqcsr", 0x1, "fqen(bit 0) only: fie = 0, no interrupt")
    t.poll("fqcsr", 0x30000, 0x10000, FQCSR_ON_NOIE, "until fqon(bit 16)=1, busy(bit 17)=0; reads fqon|fqen = 0x10001")


# ---------------------------------------------------------------- ddt_levels_2lvl
def ddt_levels_2lvl():
    t = T("ddt_levels_2lvl", """
ddt_levels_2lvl: a two-level device directory (ddtp.iommu_mode 2LVL = 3, base-format DCs): DDI[1] =
device_id[15:7] indexes the root table (8-byte non-leaf entries), DDI[0] = device_id[6:0] the leaf table
(32-byte DCs). Good translations through two leaf tables and through the widest device_id (0xffff, root
entry 0x1ff, DC 0x7f); the non-leaf entry faults: V=0 (258), a reserved bit in 9:1 and in 63:54 (259),
a load access fault (257) and data corruption (268) on the root entry; device_id[23:16] != 0 is wider than
2LVL supports (260, recorded: no DC located). Every fault is recorded (fqen, fie = 0).
Spec: iommu_data_structures.adoc "Device-Directory-Table (DDT)" (DDI, non-leaf entry format), "Process to
locate the Device-context" steps 1 - 8, "Process to translate an IOVA" steps 1 - 5; docs/microarch.md 5.1.
""")
    t.c("Memory map: root table 0x100000 (ddtp.PPN 0x100), leaf tables 0x110000, 0x111000, 0x112000,")
    t.c("Sv39 root 0x200000 (fsc 0x8000000000000200), fault queue 0x300000. Non-leaf DDT entry = PPN<<10 | V.")
    t.blank()
    t.mem(DDT + 0 * 8, ddte(0x110000), "root[0] -> leaf table 0x110000")
    t.mem(DDT + 1 * 8, ddte(0x111000), "root[1] -> leaf table 0x111000")
    t.mem(DDT + 2 * 8, 0, "root[2]: V=0")
    t.mem(DDT + 3 * 8, ddte(0x110000, 1 << 1), "root[3]: reserved bit 1 set")
    t.mem(DDT + 4 * 8, ddte(0x110000, 1 << 60), "root[4]: reserved bit 60 set")
    t.memerr(DDT + 5 * 8, "access", "root[5]")
    t.memerr(DDT + 6 * 8, "corrupt", "root[6]")
    t.mem(DDT + 0x1ff * 8, ddte(0x112000), "root[0x1ff] -> leaf table 0x112000")
    dc_at(t, 0x110000, 0x1, 0x1, SV39_FSC, "good")
    dc_at(t, 0x111000, 0x85, 0x1, SV39_FSC, "good (DDI[1] = 1, DDI[0] = 5)")
    dc_at(t, 0x112000, 0xffff, 0x1, SV39_FSC, "good (DDI[1] = 0x1ff, DDI[0] = 0x7f)")
    simple_map(t)
    t.blank()
    fq_on(t)
    t.write("ddtp", DDTP_2LVL, "PPN 0x100 << 10 | iommu_mode 2LVL (3)")
    t.poll("ddtp", 0x10, 0x0, DDTP_2LVL, "until busy(bit 4)=0; reads 0x40003")
    t.blank()
    t.dma(1, 0x1, "read", 0x1000, cmt="root[0], leaf 0x110000 DC 1")
    t.ok(1, 0x80001000)
    t.dma(2, 0x85, "write", 0x1008, cmt="root[1], leaf 0x111000 DC 5")
    t.ok(2, 0x80001008)
    t.dma(3, 0xffff, "read", 0x1010, cmt="the widest device_id 2LVL takes")
    t.ok(3, 0x80001010)
    t.dma(4, 0x105, "read", 0x1018, cmt="root[2]: V=0")
    t.fault(4, 258, "read", 0x105, 0x1018, slot=0, why="DDT entry not valid")
    t.dma(5, 0x185, "read", 0x1020, cmt="root[3]: reserved bit 1")
    t.fault(5, 259, "read", 0x185, 0x1020, slot=1, why="DDT entry misconfigured")
    t.dma(6, 0x205, "exec", 0x1028, cmt="root[4]: reserved bit 60")
    t.fault(6, 259, "exec", 0x205, 0x1028, slot=2, why="DDT entry misconfigured")
    t.dma(7, 0x285, "read", 0x1030, cmt="root[5]: access fault")
    t.fault(7, 257, "read", 0x285, 0x1030, slot=3, why="DDT entry load access fault")
    t.dma(8, 0x305, "write", 0x1038, cmt="root[6]: data corruption")
    t.fault(8, 268, "write", 0x305, 0x1038, slot=4, why="DDT data corruption")
    t.dma(9, 0x10001, "read", 0x1040, cmt="device_id[23:16] = 1: too wide for 2LVL")
    t.fault(9, 260, "read", 0x10001, 0x1040, slot=5, why="transaction type disallowed")
    t.dma(10, 0x1, "read", 0x1048, cmt="device 1 again")
    t.ok(10, 0x80001048)
    t.blank()
    t.read("fqt", 6)
    t.read("ipsr", 0, "fie = 0: fip stays 0")
    t.save(OUT)


# ---------------------------------------------------------------- ddt_levels_3lvl
def ddt_levels_3lvl():
    t = T("ddt_levels_3lvl", """
ddt_levels_3lvl: a three-level device directory (ddtp.iommu_mode 3LVL = 4, base-format DCs): DDI[2] =
device_id[23:16] indexes the root table, DDI[1] = device_id[15:7] the middle tables, DDI[0] =
device_id[6:0] the leaf tables. Good translations with device_id 1 and 0xffffff (every device_id fits
3LVL: no 260); non-leaf faults at either level: V=0 (258), reserved bits 9:1 and 63:54 (259), a load
access fault (257), data corruption (268); a DC with V=0 found through a good walk (258). Every fault is
recorded (fqen, fie = 0).
Spec: iommu_data_structures.adoc "Device-Directory-Table (DDT)", "Process to locate the Device-context"
steps 1 - 9; docs/microarch.md 5.1.
""")
    t.c("Memory map: root table 0x100000, middle tables 0x120000 and 0x121000, leaf tables 0x130000,")
    t.c("0x131000, 0x132000; Sv39 root 0x200000, fault queue 0x300000. Non-leaf DDT entry = PPN<<10 | V.")
    t.blank()
    t.mem(DDT + 0 * 8, ddte(0x120000), "root[0] -> middle 0x120000")
    t.mem(DDT + 1 * 8, 0, "root[1]: V=0")
    t.mem(DDT + 2 * 8, ddte(0x120000, 1 << 54), "root[2]: reserved bit 54 set")
    t.memerr(DDT + 3 * 8, "corrupt", "root[3]")
    t.mem(DDT + 0xff * 8, ddte(0x121000), "root[0xff] -> middle 0x121000")
    t.mem(0x120000 + 0 * 8, ddte(0x130000), "middle 0x120000 [0] -> leaf 0x130000")
    t.mem(0x120000 + 1 * 8, 0, "[1]: V=0")
    t.mem(0x120000 + 2 * 8, ddte(0x130000, 1 << 9), "[2]: reserved bit 9 set")
    t.memerr(0x120000 + 3 * 8, "access", "[3]")
    t.mem(0x120000 + 4 * 8, ddte(0x132000), "[4] -> leaf 0x132000")
    t.mem(0x121000 + 0x1ff * 8, ddte(0x131000), "middle 0x121000 [0x1ff] -> leaf 0x131000")
    dc_at(t, 0x130000, 0x1, 0x1, SV39_FSC, "good")
    dc_at(t, 0x131000, 0xffffff, 0x1, SV39_FSC, "good (DDI[2] = 0xff, DDI[1] = 0x1ff, DDI[0] = 0x7f)")
    dc_at(t, 0x132000, 0x201, 0x0, SV39_FSC, "tc = 0: V=0")
    simple_map(t)
    t.blank()
    fq_on(t)
    t.write("ddtp", DDTP_3LVL, "PPN 0x100 << 10 | iommu_mode 3LVL (4)")
    t.poll("ddtp", 0x10, 0x0, DDTP_3LVL, "until busy(bit 4)=0; reads 0x40004")
    t.blank()
    t.dma(1, 0x1, "read", 0x1000, cmt="root[0], middle[0], leaf 0x130000 DC 1")
    t.ok(1, 0x80001000)
    t.dma(2, 0xffffff, "write", 0x1ff8, cmt="the widest device_id: root[0xff], middle[0x1ff], DC 0x7f")
    t.ok(2, 0x80001ff8)
    t.dma(3, 0x10001, "read", 0x1008, cmt="root[1]: V=0 (level 2)")
    t.fault(3, 258, "read", 0x10001, 0x1008, slot=0, why="DDT entry not valid")
    t.dma(4, 0x81, "read", 0x1010, cmt="middle[1]: V=0 (level 1)")
    t.fault(4, 258, "read", 0x81, 0x1010, slot=1, why="DDT entry not valid")
    t.dma(5, 0x20001, "read", 0x1018, cmt="root[2]: reserved bit 54")
    t.fault(5, 259, "read", 0x20001, 0x1018, slot=2, why="DDT entry misconfigured")
    t.dma(6, 0x101, "write", 0x1020, cmt="middle[2]: reserved bit 9")
    t.fault(6, 259, "write", 0x101, 0x1020, slot=3, why="DDT entry misconfigured")
    t.dma(7, 0x181, "read", 0x1028, cmt="middle[3]: access fault")
    t.fault(7, 257, "read", 0x181, 0x1028, slot=4, why="DDT entry load access fault")
    t.dma(8, 0x30001, "exec", 0x1030, cmt="root[3]: data corruption")
    t.fault(8, 268, "exec", 0x30001, 0x1030, slot=5, why="DDT data corruption")
    t.dma(9, 0x201, "read", 0x1038, cmt="root[0], middle[4], leaf 0x132000: the DC has V=0")
    t.fault(9, 258, "read", 0x201, 0x1038, slot=6, why="DDT entry not valid (the DC)")
    t.dma(10, 0x1, "tread", 0x1040, cmt="translated read, tc.EN_ATS = 0: checked after the DC is located")
    t.fault(10, 260, "tread", 0x1, 0x1040, slot=7, why="transaction type disallowed")
    t.dma(11, 0xffffff, "read", 0x1048, cmt="device 0xffffff again")
    t.ok(11, 0x80001048)
    t.blank()
    t.read("fqt", 8)
    t.read("ipsr", 0, "fie = 0: fip stays 0")
    t.save(OUT)


if __name__ == "__main__":
    ddt_levels_2lvl()
    ddt_levels_3lvl()
