# Hand-written expectations: DC.tc.SXL = 1 over a second stage that is not Sv32x4 (the 34-bit GPA rule), and
# ATS completions for addresses in (or near) the flat MSI range (W from the first stage, range size).
from lib import *

HG = atp(8, 0x600, 1)   # iohgatp: Sv39x4(8)<<60 | GSCID 1<<44 | PPN 0x600
F = V | R | W | X | U | A | D


def sxl_gpa_width():
    t = T("sxl_gpa_width", """
sxl_gpa_width: DC.tc.SXL = 1 with fctl.GXL = 0 (writable in config/full.cfg, reset 0), so the second stage is
Sv39x4 (41-bit GPA) while SXL = 1 limits every GPA the second stage translates to 34 bits: a GPA with a bit
beyond bit 33 set is a guest-page fault of the original access type (20/21/23), iotval2 = GPA[63:2], also
for the GPA of a first-stage (Sv32) table (implicit read: iotval2 bit 0 = 1). Bit 33 itself is allowed. The
same GPAs with SXL = 0 translate (the second stage maps them).
Spec: iommu_data_structures.adoc "Translation control (tc)" ("When SXL is 1": "If the second-stage is not
Bare ... the incoming GPA has bits beyond bit 33 set"), "iohgatp" (Sv39x4 with fctl.GXL = 0), "Device-context
configuration checks" (SXL = 1 legal when fctl.GXL is writable); iommu_in_memory_queues.adoc fault record.
Assumption: "the incoming GPA" is every address the second stage is asked to translate, including the
GPAs of first-stage tables (the rule names no exception). FQ with fie=0.
""")
    t.c("""Second stage Sv39x4, root 16 KiB at 0x600000, index GPA[40:30], 1 GiB leaves (V|R|W|X|U|A|D):
  G root[0]: GPA 0 -> PA 0x40000000; G root[8]: GPA 0x200000000 (bit 33) -> PA 0xc0000000;
  G root[16]: GPA 0x400000000 (bit 34) -> PA 0x80000000; G root[0x400]: GPA 0x10000000000 (bit 40) -> PA 0x100000000.""")
    t.mem(0x600000 + 0 * 8, pte(0x40000, F), "G root[0]")
    t.mem(0x600000 + 8 * 8, pte(0xc0000, F), "G root[8]: GPA bit 33")
    t.mem(0x600000 + 16 * 8, pte(0x80000, F), "G root[16]: GPA bit 34")
    t.mem(0x600000 + 0x400 * 8, pte(0x100000, F), "G root[0x400]: GPA bit 40")
    t.c("""Sv32 first-stage roots (4-byte PTEs; root[0] in the low half of the first doubleword): a 4 MiB leaf
IOVA 0 -> GPA 0 (V|R|W|U|A|D). One root at GPA 0x400010000 (PA 0x80010000, beyond bit 33), one at GPA
0x200010000 (PA 0xc0010000, bit 33: allowed).""")
    t.mem(0x80010000, pte(0, V | R | W | U | A | D), "Sv32 root[0] at GPA 0x400010000")
    t.mem(0xc0010000, pte(0, V | R | W | U | A | D), "Sv32 root[0] at GPA 0x200010000")
    t.dc(1, TC_V | TC_SXL, iohgatp=HG, cmt="SXL=1, iosatp Bare, Sv39x4")
    t.dc(2, TC_V, iohgatp=HG, cmt="SXL=0, iosatp Bare, Sv39x4 (control)")
    t.dc(3, TC_V | TC_SXL, iohgatp=HG, fsc=atp(8, 0x400010), cmt="SXL=1, iosatp Sv32 root GPA 0x400010000")
    t.dc(4, TC_V | TC_SXL, iohgatp=HG, fsc=atp(8, 0x200010), cmt="SXL=1, iosatp Sv32 root GPA 0x200010000")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", 0x123)
    t.ok(1, 0x40000123)
    t.dma(2, 1, "read", 0x200000456, cmt="GPA bit 33: within 34 bits")
    t.ok(2, 0xc0000456)
    t.dma(3, 1, "read", 0x400000123, cmt="GPA bit 34")
    t.fault_rec(3, 21, 0, "read", 1, 0x400000123, 0x400000120, why="SXL=1: GPA bits beyond 33")
    t.dma(4, 1, "write", 0x400000ff8, cmt="GPA bit 34")
    t.fault_rec(4, 23, 1, "write", 1, 0x400000ff8, 0x400000ff8, why="SXL=1: GPA bits beyond 33, write")
    t.dma(5, 1, "exec", 0x10000000000, cmt="GPA bit 40: inside Sv39x4's 41 bits")
    t.fault_rec(5, 20, 2, "exec", 1, 0x10000000000, 0x10000000000, why="SXL=1: GPA bits beyond 33, execute")
    t.dma(6, 2, "read", 0x400000123, cmt="SXL=0")
    t.ok(6, 0x80000123, "Sv39x4 alone: 41-bit GPA")
    t.dma(7, 2, "exec", 0x10000000abc, cmt="SXL=0")
    t.ok(7, 0x100000abc)
    t.dma(8, 3, "read", 0x1234, cmt="the Sv32 root's GPA has bit 34 set")
    t.fault_rec(8, 21, 3, "read", 3, 0x1234, 0x400010001, why="implicit read of the root PTE at GPA 0x400010000")
    t.dma(9, 4, "write", 0x1234, cmt="the Sv32 root's GPA has bit 33 set")
    t.ok(9, 0x40001234, "root PTE via G root[8], leaf GPA 0x1234 via G root[0]")
    t.read("fqt", 4)
    t.save()


def ats_msi():
    t = T("ats_msi", """
ats_msi: ATS translation requests (ttyp=ats) whose GPA is in, or whose translation range contains, the flat
MSI range (msi_addr_mask 0x7, pattern 0x28000: GPA pages 0x28000-0x28007 are virtual interrupt files).
(a) W: the MSI page table takes the place of the second stage with R=W=U=1 (and A=D=1 as if), so W is granted
only where the first stage grants it too: a read-only first-stage leaf gives W=0, a writable leaf with D=0
gives W=0 (this model's rule for every stage, docs/decisions.md "ATS completion W flag"), W=1 with D=1 or with
the first stage Bare; the same for an MRIF-mode PTE (U=1). (b) The range: a completion without T2GPA gives an
SPA range the device then uses with no further translation, so it may not contain a virtual interrupt file's
page (its MSI translation differs from the second stage's): the largest naturally aligned range around the
address that holds none is reported (docs/decisions.md "ATS range and MSI pages"). With T2GPA the range is
one of GPAs, whose translated requests are MSI-checked again: the page sizes decide.
Spec: iommu_data_structures.adoc "PCIe ATS translation request handling" (denied permissions 0, the others
from the page tables; MRIF -> U=1, "R, W, and Exe bits ... the granted permissions"), "Process to translate
addresses of MSIs" (permissions of a second-stage PTE with R=W=U=1; MSI PTEs as if A=D=1), "Process to
translate an IOVA" steps 17-19 and 9 (T2GPA).
Assumption: `dma ttyp=ats` requests read and write and no execute (X=0). FQ with fie=0.
""")
    t.c("""Second stage Sv39x4 at 0x600000: G root[0] GPA 0-1 GiB -> PA 0x40000000.
First stage Sv39 root at GPA 0x10000 (PA 0x40010000) -> L1 GPA 0x11000 -> L0 GPA 0x12000 (PA 0x40012000).""")
    t.mem(0x600000, pte(0x40000, F), "G root[0]")
    t.mem(0x40010000, pte(0x11, V), "VS root[0] -> GPA 0x11000")
    t.mem(0x40011000, pte(0x12, V), "VS L1[0] -> GPA 0x12000")
    t.mem(0x40011000 + 1 * 8, pte(0x28000, V | R | W | U | A | D), "VS L1[1]: 2 MiB leaf IOVA 0x200000 -> GPA 0x28000000")
    L0 = 0x40012000
    t.mem(L0 + 1 * 8, pte(0x28000, V | R | U | A | D), "L0[1]: IOVA 0x1000 -> GPA 0x28000000 (I=0), W=0")
    t.mem(L0 + 2 * 8, pte(0x28000, V | R | W | U | A), "L0[2]: IOVA 0x2000 -> GPA 0x28000000 (I=0), W=1 D=0")
    t.mem(L0 + 3 * 8, pte(0x28000, V | R | W | U | A | D), "L0[3]: IOVA 0x3000 -> GPA 0x28000000 (I=0), W=1 D=1")
    t.mem(L0 + 4 * 8, pte(0x28001, V | R | U | A | D), "L0[4]: IOVA 0x4000 -> GPA 0x28001000 (I=1, MRIF), W=0")
    t.mem(L0 + 5 * 8, pte(0x28001, V | R | W | U | A | D), "L0[5]: IOVA 0x5000 -> GPA 0x28001000 (I=1, MRIF), W=1 D=1")
    mrif, nppn, nid = 0x9e000200, 0x9d000, 0x5a5
    t.mem(0x700000, pte(0x9f000, V | (3 << 1)), "MSI PTE I=0: basic translate, PPN 0x9f000")
    t.mem(0x700010, V | (1 << 1) | ((mrif >> 9) << 7), f"MSI PTE I=1: MRIF at {hx(mrif)}")
    t.mem(0x700018, ((nid >> 10) << 60) | (nppn << 10) | (nid & 0x3ff), "I=1 dw1: notice PPN, NID")
    msi = dict(msiptp=atp(1, 0x700), mask=0x7, pattern=0x28000)
    t.dc(1, TC_V | TC_EN_ATS, iohgatp=HG, fsc=atp(8, 0x10), cmt="EN_ATS, Sv39 over Sv39x4, MSI flat", **msi)
    t.dc(2, TC_V | TC_EN_ATS | TC_T2GPA, iohgatp=HG, fsc=atp(8, 0x10), cmt="EN_ATS, T2GPA, same tables", **msi)
    t.dc(3, TC_V | TC_EN_ATS, iohgatp=HG, cmt="EN_ATS, iosatp Bare over Sv39x4, MSI flat", **msi)
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "ats", 0x1000, cmt="MSI page through a read-only first-stage leaf")
    t.ats_ok(1, 0x9f000000, 0x1000, 1, 0, why="W denied by the first stage")
    t.dma(2, 1, "ats", 0x2000, cmt="MSI page through a writable leaf with D=0")
    t.ats_ok(2, 0x9f000000, 0x1000, 1, 0, why="W needs D=1 in the first-stage leaf")
    t.dma(3, 1, "ats", 0x3000, cmt="MSI page through a writable leaf with D=1")
    t.ats_ok(3, 0x9f000000, 0x1000, 1, 1)
    t.dma(4, 1, "ats", 0x4000, cmt="MRIF page through a read-only first-stage leaf")
    t.ats_ok(4, 0, 0x1000, 1, 0, u=1, why="MRIF: U=1; W denied by the first stage")
    t.dma(5, 1, "ats", 0x5000, cmt="MRIF page through a writable leaf with D=1")
    t.ats_ok(5, 0, 0x1000, 1, 1, u=1, why="MRIF: U=1")
    t.dma(6, 1, "ats", 0x300000, cmt="2 MiB first-stage page, GPA 0x28100000: the 2 MiB holds the MSI pages")
    t.ats_ok(6, 0x68100000, 0x100000, 1, 1, why="1 MiB: GPA 0x28100000-0x281fffff holds no interrupt file")
    t.dma(7, 1, "ats", 0x208000, cmt="GPA 0x28008000, next to the last interrupt file (0x28007000)")
    t.ats_ok(7, 0x68008000, 0x8000, 1, 1, why="32 KiB: the 64 KiB range would hold 0x28000000-0x28007fff")
    t.dma(8, 2, "ats", 0x300000, cmt="T2GPA: the completion holds a GPA")
    t.ats_ok(8, 0x28000000, 0x200000, 1, 1, why="the first-stage 2 MiB page (the G-stage 1 GiB leaf is larger)")
    t.dma(9, 3, "ats", 0x28000000, cmt="first stage Bare: MSI page")
    t.ats_ok(9, 0x9f000000, 0x1000, 1, 1, why="no first stage: the MSI permissions")
    t.dma(10, 3, "ats", 0x28100000, cmt="first stage Bare (2 MiB for the Bare stage), G-stage 1 GiB")
    t.ats_ok(10, 0x68100000, 0x100000, 1, 1, why="1 MiB, as request 6")
    t.read("fqt", 0)
    t.save()


if __name__ == "__main__":
    sxl_gpa_width()
    ats_msi()
