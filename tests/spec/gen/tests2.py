# Hand-written expectations: process directory, first-stage modes, PTE extensions, A/D updates.
from lib import *

PT_NOTE = """PTE = PPN<<10 | flags; V=0x1 R=0x2 W=0x4 X=0x8 U=0x10 G=0x20 A=0x40 D=0x80; N = bit 63, PBMT = bits 62:61.
Non-leaf PTEs are V only."""


def sv39_tables(t, root=0x200000):
    """IOVA 0x40000000 + k*0x1000 -> L0[k] (L0 table at 0x202000)."""
    t.mem(root + 1 * 8, pte(0x201, V), "Sv39 root[1] -> 0x201000")
    t.mem(0x201000, pte(0x202, V), "L1[0] -> L0 table 0x202000 (IOVA 0x40000000 + k*0x1000 uses L0[k])")


def pdt_pd8():
    t = T("pdt_pd8", """
pdt_pd8: one-level process directory (pdtp.MODE PD8=1; PC = 16 bytes ta, fsc at pdtp.PPN*4096 + PDI[0]*16;
PDI[0]=pid[7:0]). PC.ta: V bit 0, ENS bit 1, SUM bit 2, reserved 11:3, PSCID 31:12, reserved 63:32.
Checks: U and S requests with ENS/SUM (S to U page needs SUM; S exec to U page always faults; S to S page
fine; U to S page faults), ENS=0 with S request (260), process_id wider than PD8 (260), PC V=0 (266), PC
reserved bit (267), PC.fsc reserved MODE (267), PC access fault (265), PC data corruption (269), no
process_id with DPE=0 (first stage Bare: pa = IOVA) and DPE=1 (process_id 0 is used).
Records of requests with a process_id have PV=1, PID, PRIV (1 for priv=s).
Spec: iommu_data_structures.adoc "Process-Directory-Table (PDT)", "Leaf PDT entry", "Process-context
fields", "Process-context configuration checks", "Process to translate an IOVA" steps 7, 11-16,
"Process to locate the Process-context"; supervisor.adoc Sv39 (U bit, SUM). FQ with fie=0.
""")
    t.c(PT_NOTE)
    t.dc(1, TC_V | TC_PDTV, fsc=atp(1, 0x110), cmt="PDTV=1, DPE=0, pdtp = PD8(1)<<60 | PPN 0x110")
    t.dc(2, TC_V | TC_PDTV | TC_DPE, fsc=atp(1, 0x110), cmt="PDTV=1, DPE=1, same PDT")
    FSC = atp(8, 0x200)
    pcs = {0: (V, FSC, "pid 0: V, PSCID 0"), 5: (V | 2 | (5 << 12), FSC, "pid 5: V|ENS, SUM=0, PSCID 5"),
           6: (V | 2 | 4 | (6 << 12), FSC, "pid 6: V|ENS|SUM, PSCID 6"), 7: (V | (7 << 12), FSC, "pid 7: V, ENS=0"),
           8: (0, FSC, "pid 8: V=0"), 9: (V | (1 << 3), FSC, "pid 9: reserved ta bit 3"),
           10: (V, atp(11, 0x200), "pid 10: fsc.MODE=11 reserved")}
    for pid, (ta, fsc, c) in pcs.items():
        t.mem(0x110000 + pid * 16, ta, c + " (PC.ta)")
        t.mem(0x110000 + pid * 16 + 8, fsc, "PC.fsc = Sv39(8)<<60 | PPN 0x200" if fsc == FSC else "PC.fsc")
    t.memerr(0x110000 + 11 * 16, "access", "pid 11: PC access fault")
    t.memerr(0x110000 + 12 * 16, "corrupt", "pid 12: PC data corruption")
    sv39_tables(t)
    t.mem(0x202000 + 0 * 8, pte(0x80000, V | R | W | U | A | D), "L0[0]: user page, PA 0x80000000")
    t.mem(0x202000 + 1 * 8, pte(0x80001, V | R | W | A | D), "L0[1]: supervisor page (U=0), PA 0x80001000")
    t.mem(0x202000 + 2 * 8, pte(0x80002, V | R | X | U | A), "L0[2]: user R+X page, PA 0x80002000")
    t.blank()
    t.fq_on(5)
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", 0x40000010, pid=5, priv="u", cmt="U request, U page")
    t.ok(1, 0x80000010)
    t.dma(2, 1, "write", 0x40001020, pid=5, priv="s", cmt="S request (ENS=1), S page")
    t.ok(2, 0x80001020)
    t.dma(3, 1, "read", 0x40000000, pid=5, priv="s", cmt="S request, U page, SUM=0")
    t.fault_rec(3, 13, 0, "read", 1, 0x40000000, pid=5, priv=1, why="read page fault")
    t.dma(4, 1, "read", 0x40000000, pid=6, priv="s", cmt="S request, U page, SUM=1")
    t.ok(4, 0x80000000)
    t.dma(5, 1, "exec", 0x40002000, pid=6, priv="s", cmt="S exec, U page: never allowed")
    t.fault_rec(5, 12, 1, "exec", 1, 0x40002000, pid=6, priv=1, why="instruction page fault")
    t.dma(6, 1, "exec", 0x40002000, pid=6, priv="u", cmt="U exec, U R+X page")
    t.ok(6, 0x80002000)
    t.dma(7, 1, "read", 0x40001000, pid=5, priv="u", cmt="U request, S page")
    t.fault_rec(7, 13, 2, "read", 1, 0x40001000, pid=5, priv=0, why="read page fault")
    t.dma(8, 1, "read", 0x40000000, pid=7, priv="s", cmt="S request, ENS=0")
    t.fault_rec(8, 260, 3, "read", 1, 0x40000000, pid=7, priv=1, why="transaction type disallowed")
    t.dma(9, 1, "read", 0x40000000, pid=7, priv="u", cmt="U request, ENS=0 is fine")
    t.ok(9, 0x80000000)
    t.dma(10, 1, "read", 0x40000000, pid=0x100, priv="u", cmt="pid bit 8 set: wider than PD8")
    t.fault_rec(10, 260, 4, "read", 1, 0x40000000, pid=0x100, why="process_id too wide")
    t.dma(11, 1, "write", 0x40000000, pid=8, priv="u")
    t.fault_rec(11, 266, 5, "write", 1, 0x40000000, pid=8, why="PDT entry not valid")
    t.dma(12, 1, "read", 0x40000000, pid=9, priv="u")
    t.fault_rec(12, 267, 6, "read", 1, 0x40000000, pid=9, why="PDT entry misconfigured (ta reserved bit)")
    t.dma(13, 1, "read", 0x40000000, pid=10, priv="u")
    t.fault_rec(13, 267, 7, "read", 1, 0x40000000, pid=10, why="PDT entry misconfigured (fsc.MODE)")
    t.dma(14, 1, "exec", 0x40002000, pid=11, priv="u")
    t.fault_rec(14, 265, 8, "exec", 1, 0x40002000, pid=11, why="PDT entry load access fault")
    t.dma(15, 1, "read", 0x40000000, pid=12, priv="u")
    t.fault_rec(15, 269, 9, "read", 1, 0x40000000, pid=12, why="PDT data corruption")
    t.dma(16, 1, "read", 0x40000abc, cmt="no process_id, DPE=0: first stage Bare")
    t.ok(16, 0x40000abc)
    t.dma(17, 2, "read", 0x40000abc, cmt="no process_id, DPE=1: process_id 0, PC 0 (User)")
    t.ok(17, 0x80000abc)
    t.dma(18, 2, "read", 0x40001000, cmt="DPE=1, User request to S page")
    t.fault_rec(18, 13, 10, "read", 2, 0x40001000, why="read page fault; request had no process_id: PV=0")
    t.save()


def pdt_pd17():
    t = T("pdt_pd17", """
pdt_pd17: two-level process directory (pdtp.MODE PD17=2): PDI[1]=pid[16:8] indexes the root (8-byte
non-leaf entries: V bit 0, reserved 9:1, PPN 53:10, reserved 63:54), PDI[0]=pid[7:0] the leaf PC page.
Checks: good walk; pid bit 17 set (260); non-leaf V=0 (266), reserved bit (267), access fault (265).
Spec: iommu_data_structures.adoc "Non-leaf PDT entry", "Process to locate the Process-context" steps 1-9,
"Process to translate an IOVA" step 7. FQ with fie=0.
""")
    t.c(PT_NOTE)
    t.dc(1, TC_V | TC_PDTV, fsc=atp(2, 0x110), cmt="pdtp = PD17(2)<<60 | PPN 0x110")
    t.mem(0x110000 + 0x123 * 8, pte(0x111, V), "root[PDI[1]=0x123] -> 0x111000")
    t.mem(0x111000 + 0x45 * 16, V | (0x45 << 12), "PC of pid 0x12345 (PDI[0]=0x45): ta V, PSCID 0x45")
    t.mem(0x111000 + 0x45 * 16 + 8, atp(8, 0x200), "fsc Sv39 root 0x200000")
    t.mem(0x110000 + 0x124 * 8, 0, "root[0x124]: V=0")
    t.mem(0x110000 + 0x125 * 8, pte(0x112, V) | (1 << 5), "root[0x125]: reserved bit 5")
    t.memerr(0x110000 + 0x126 * 8, "access", "root[0x126]: access fault")
    sv39_tables(t)
    t.mem(0x202000 + 3 * 8, pte(0x81234, V | R | W | U | A | D), "L0[3]: PA 0x81234000")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "write", 0x40003008, pid=0x12345, priv="u")
    t.ok(1, 0x81234008)
    t.dma(2, 1, "read", 0x40003000, pid=0x20000, priv="u", cmt="pid bit 17")
    t.fault_rec(2, 260, 0, "read", 1, 0x40003000, pid=0x20000, why="process_id wider than PD17")
    t.dma(3, 1, "read", 0x40003000, pid=0x12445, priv="s")
    t.fault_rec(3, 266, 1, "read", 1, 0x40003000, pid=0x12445, priv=1, why="non-leaf PDT entry V=0")
    t.dma(4, 1, "read", 0x40003000, pid=0x12545, priv="u")
    t.fault_rec(4, 267, 2, "read", 1, 0x40003000, pid=0x12545, why="non-leaf PDT entry reserved bit")
    t.dma(5, 1, "write", 0x40003000, pid=0x12645, priv="u")
    t.fault_rec(5, 265, 3, "write", 1, 0x40003000, pid=0x12645, why="PDT entry load access fault")
    t.save()


def pdt_pd20():
    pid = 0xABCDE
    t = T("pdt_pd20", f"""
pdt_pd20: three-level process directory (pdtp.MODE PD20=3): PDI[2]=pid[19:17] (root has 8 entries),
PDI[1]=pid[16:8], PDI[0]=pid[7:0]. pid {hx(pid)}: PDI[2]=5, PDI[1]=0xbc, PDI[0]=0xde. Checks: good walk,
data corruption on a root entry (269), V=0 at the middle level (266). The full 20-bit process_id reaches the
record's PID field.
Spec: iommu_data_structures.adoc "Process to locate the Process-context" (LEVELS=3). FQ with fie=0.
""")
    t.c(PT_NOTE)
    t.dc(1, TC_V | TC_PDTV, fsc=atp(3, 0x110), cmt="pdtp = PD20(3)<<60 | PPN 0x110")
    t.mem(0x110000 + 5 * 8, pte(0x111, V), "root[5] -> 0x111000")
    t.mem(0x111000 + 0xbc * 8, pte(0x112, V), "mid[0xbc] -> 0x112000")
    t.mem(0x112000 + 0xde * 16, V | 2 | (0x77 << 12), "PC of pid 0xabcde: V|ENS, PSCID 0x77")
    t.mem(0x112000 + 0xde * 16 + 8, atp(8, 0x200), "fsc Sv39 root 0x200000")
    t.memerr(0x110000 + 6 * 8, "corrupt", "root[6]: data corruption")
    t.mem(0x111000 + 0xbd * 8, 0, "mid[0xbd]: V=0")
    sv39_tables(t)
    t.mem(0x202000 + 7 * 8, pte(0x8abcd, V | R | W | A | D), "L0[7]: supervisor page PA 0x8abcd000")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", 0x40007ff8, pid=pid, priv="s")
    t.ok(1, 0x8abcdff8)
    t.dma(2, 1, "read", 0x40007000, pid=0xCBCDE, priv="s", cmt="PDI[2]=6")
    t.fault_rec(2, 269, 0, "read", 1, 0x40007000, pid=0xCBCDE, priv=1, why="PDT data corruption")
    t.dma(3, 1, "write", 0x40007000, pid=0xABDDE, priv="s", cmt="PDI[1]=0xbd")
    t.fault_rec(3, 266, 1, "write", 1, 0x40007000, pid=0xABDDE, priv=1, why="PDT entry not valid (non-leaf)")
    t.save()


def sv48():
    a = 0x0000123456789000
    t = T("sv48", f"""
sv48: iosatp.MODE Sv48 (9). IOVA {hx(a)}: VPN[3]=0x24, VPN[2]=0xd1, VPN[1]=0xb3, VPN[0]=0x189 (4 levels to a
4 KiB leaf). A 512 GiB leaf at level 3 for the upper canonical half (IOVA 0xffff8000_xxxxxxxx, VPN[3]=0x100);
non-canonical IOVA (bits 63:48 not equal to bit 47) is a page fault; a misaligned 1 GiB superpage (PPN[1:0]
!= 0) is a page fault.
Spec: supervisor.adoc "Sv48", "Virtual Address Translation Process" steps 4-5; iommu_data_structures.adoc
iosatp MODE encodings. FQ with fie=0.
""")
    t.c(PT_NOTE)
    t.dc(1, TC_V, fsc=atp(9, 0x200), cmt="iosatp = Sv48(9)<<60 | PPN 0x200")
    t.mem(0x200000 + 0x24 * 8, pte(0x201, V), "root[0x24] -> 0x201000")
    t.mem(0x201000 + 0xd1 * 8, pte(0x202, V), "L2[0xd1] -> 0x202000")
    t.mem(0x202000 + 0xb3 * 8, pte(0x203, V), "L1[0xb3] -> 0x203000")
    t.mem(0x203000 + 0x189 * 8, pte(0x9abcd, V | R | W | U | A | D), "L0[0x189]: PA 0x9abcd000")
    t.mem(0x200000 + 0x100 * 8, pte(0x8000000, V | R | W | U | A | D), "root[0x100]: 512 GiB leaf, PPN 0x8000000 (PA 0x8000000000), PPN[2:0]=0")
    t.mem(0x202000 + 0xd2 * 8, pte(0x40001, V | R | U | A), "L2[0xd2]: 1 GiB leaf with PPN[0]=1: misaligned")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", a | 0x7f0)
    t.ok(1, 0x9abcd7f0)
    t.dma(2, 1, "write", 0xffff800012345678, cmt="VPN[3]=0x100, offset in 512 GiB page 0x12345678")
    t.ok(2, 0x8012345678)
    t.dma(3, 1, "read", 0x0001000000000000, cmt="bit 48 set, bit 47 clear")
    t.fault_rec(3, 13, 0, "read", 1, 0x0001000000000000, why="non-canonical: read page fault")
    t.dma(4, 1, "read", 0x0000123480000000, cmt="VPN[3]=0x24, VPN[2]=0xd2: misaligned 1 GiB leaf")
    t.fault_rec(4, 13, 1, "read", 1, 0x0000123480000000, why="misaligned superpage: page fault")
    t.save()


def sv57():
    a = 0x00abcdef12345000
    t = T("sv57", f"""
sv57: iosatp.MODE Sv57 (10). IOVA {hx(a)}: VPN[4]=0xab, VPN[3]=0x19b, VPN[2]=0x1bc, VPN[1]=0x91,
VPN[0]=0x145 (5 levels). Non-canonical IOVA (bit 56 set, bits 63:57 clear) is a page fault; write to a
read-only leaf is a write page fault (15); an access fault on a PTE read is the access fault of the
transaction type (write: 7); data corruption on a PTE read is 274.
Spec: supervisor.adoc "Sv57", "Virtual Address Translation Process" step 2; fault-record table
(5/7 access faults, 274). FQ with fie=0.
""")
    t.c(PT_NOTE)
    t.dc(1, TC_V, fsc=atp(10, 0x200), cmt="iosatp = Sv57(10)<<60 | PPN 0x200")
    t.mem(0x200000 + 0xab * 8, pte(0x201, V), "root[0xab] -> 0x201000")
    t.mem(0x201000 + 0x19b * 8, pte(0x202, V), "L3[0x19b] -> 0x202000")
    t.mem(0x202000 + 0x1bc * 8, pte(0x203, V), "L2[0x1bc] -> 0x203000")
    t.mem(0x203000 + 0x91 * 8, pte(0x204, V), "L1[0x91] -> 0x204000")
    t.mem(0x204000 + 0x145 * 8, pte(0xfedcb, V | R | U | A | D), "L0[0x145]: read-only, PA 0xfedcb000")
    t.memerr(0x204000 + 0x146 * 8, "access", "L0[0x146]: access fault")
    t.memerr(0x204000 + 0x147 * 8, "corrupt", "L0[0x147]: data corruption")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", a | 0x123)
    t.ok(1, 0xfedcb123)
    t.dma(2, 1, "write", a)
    t.fault_rec(2, 15, 0, "write", 1, a, why="write to read-only page")
    t.dma(3, 1, "read", 0x0100000000000000, cmt="bit 56 set, 63:57 clear")
    t.fault_rec(3, 13, 1, "read", 1, 0x0100000000000000, why="non-canonical")
    t.dma(4, 1, "write", a + 0x1000, cmt="L0[0x146]")
    t.fault_rec(4, 7, 2, "write", 1, a + 0x1000, why="write/AMO access fault on PTE read")
    t.dma(5, 1, "read", a + 0x2000, cmt="L0[0x147]")
    t.fault_rec(5, 274, 3, "read", 1, a + 0x2000, why="first/second-stage PT data corruption")
    t.save()


def sv32():
    t = T("sv32", """
sv32: first stage Sv32 with DC.tc.SXL=1, and second stage Sv32x4, under fctl.GXL=1 (written while the IOMMU
is Off and the queues are off). Rules: fctl.GXL=1 requires DC.tc.SXL=1 (else 259); with SXL=1 iosatp.MODE 8
is Sv32; with GXL=1 iohgatp.MODE 8 is Sv32x4. Sv32: 4-byte PTEs, VPN[1]=va[31:22], VPN[0]=va[21:12], PPN 22
bits (PA 34 bits), 4 MiB superpages; with SXL=1 and a non-Bare first stage an IOVA with bits above 31 set is
a page fault. Sv32x4: GPA 34 bits, root index GPA[33:22] (16 KiB root); a GPA with bits above 33 set is a
guest page fault (iotval2 = GPA).
Two 4-byte PTEs share one 8-byte `mem` granule: the PTE at a 4-byte offset is in the high half
(little-endian, fctl.BE=0).
Spec: iommu_data_structures.adoc tc.SXL, iohgatp/iosatp encodings (SXL=1, GXL=1), DC configuration checks
(SXL legal values); iommu_registers.adoc fctl.GXL; supervisor.adoc "Sv32"; hypervisor.adoc Sv32x4.
FQ with fie=0.
""")
    t.c("Sv32 PTE (4 bytes) = PPN<<10 | flags; V=0x1 R=0x2 W=0x4 X=0x8 U=0x10 A=0x40 D=0x80.")
    t.dc(1, TC_V | TC_SXL, fsc=atp(8, 0x200), cmt="SXL=1, iosatp = Sv32(8)<<60 | PPN 0x200")
    t.dc(2, TC_V, cmt="SXL=0 while fctl.GXL=1: illegal")
    t.dc(3, TC_V | TC_SXL, iohgatp=atp(8, 0x600, 3), cmt="SXL=1, iosatp Bare, iohgatp = Sv32x4(8)<<60 | GSCID 3 | PPN 0x600")
    p_root0 = 0                              # root[0] (VPN[1]=0): V=0
    p_root1 = pte(0x90000, V | R | W | U | A | D)  # root[1]: 4 MiB leaf, PPN[0]=0
    t.mem(0x200000, p_root0 | (p_root1 << 32), "root[0] (low half) = 0 (V=0); root[1] (high half) = 4 MiB leaf PPN 0x90000 (PA 0x90000000), 0xd7")
    t.mem(0x200800, pte(0x201, V) << 32, "root[0x201] (0x200804, high half) -> 0x201000; root[0x200] (low half) = 0")
    t.mem(0x201008, pte(0x80010, V | R | W | U | A | D) << 32, "L0[3] (0x20100c, high half): PA 0x80010000; L0[2] = 0")
    t.mem(0x201010, pte(0x300001, V | R | U | A), "L0[4] (0x201010, low half): PPN 0x300001, PA 0x300001000 (34-bit PA); L0[5] = 0")
    t.mem(0x600000 + 0x800 * 4, pte(0xa0000, V | R | W | U | A | D), "Sv32x4 root[0x800] (GPA 0x200000000-0x2003fffff): 4 MiB leaf PA 0xa0000000 (low half); root[0x801] = 0")
    t.blank()
    t.write("fctl", 0x4, "GXL=1 (bit 2), WSI=0")
    t.read("fctl", 0x4)
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", 0x80403123, cmt="VPN[1]=0x201, VPN[0]=3")
    t.ok(1, 0x80010123)
    t.dma(2, 1, "write", 0x00456789, cmt="VPN[1]=1: 4 MiB leaf")
    t.ok(2, 0x90056789, "PPN[1] from the PTE, va[21:0] from the IOVA")
    t.dma(3, 1, "read", 0x80404010, cmt="VPN[0]=4")
    t.ok(3, 0x300001010)
    t.dma(4, 1, "read", 0x00001000, cmt="root[0] V=0")
    t.fault_rec(4, 13, 0, "read", 1, 0x1000, why="read page fault")
    t.dma(5, 1, "read", 0x100400000, cmt="bit 32 set, SXL=1, first stage Sv32")
    t.fault_rec(5, 13, 1, "read", 1, 0x100400000, why="IOVA bits beyond 31: page fault")
    t.dma(6, 2, "read", 0x1000)
    t.fault_rec(6, 259, 2, "read", 2, 0x1000, why="SXL must be 1 when fctl.GXL=1")
    t.dma(7, 3, "write", 0x200123456, cmt="GPA 0x200123456: root[0x800]")
    t.ok(7, 0xa0123456)
    t.dma(8, 3, "read", 0x400000000, cmt="GPA bit 34 set")
    t.fault_rec(8, 21, 3, "read", 3, 0x400000000, 0x400000000, why="GPA bits beyond 33: read guest-page fault, iotval2 = GPA")
    t.save()


def svnapot():
    t = T("svnapot", """
svnapot: Svnapot (mandatory for an IOMMU). A level-0 leaf with N=1 and PPN[3:0]=0b1000 maps a 64 KiB NAPOT
range: the translation takes PPN[3:0] from VPN[0][3:0]. Reserved encodings are page faults: N=1 with
PPN[3:0] != 0b1000 at level 0, N=1 on a level-1 leaf, N=1 on a non-leaf PTE.
Spec: iommu_registers.adoc capabilities ("must support the Svnapot"); svnapot.adoc; supervisor.adoc Sv39
step 3. FQ with fie=0.
""")
    t.c(PT_NOTE)
    t.dc(1, TC_V, fsc=atp(8, 0x200), cmt="Sv39 root 0x200000")
    sv39_tables(t)
    NP = N_BIT | pte(0x80018, V | R | W | U | A | D)
    t.mem(0x202000 + 0x13 * 8, NP, "L0[0x13]: N=1, PPN 0x80018 (PPN[3:0]=1000b: 64 KiB)")
    t.mem(0x202000 + 0x1a * 8, NP, "L0[0x1a]: same NAPOT PTE (software fills all 16)")
    t.mem(0x202000 + 0x20 * 8, N_BIT | pte(0x80024, V | R | W | U | A | D), "L0[0x20]: N=1, PPN[3:0]=0100b: reserved")
    t.mem(0x201000 + 1 * 8, N_BIT | pte(0x80200, V | R | W | U | A | D), "L1[1]: 2 MiB leaf with N=1: reserved")
    t.mem(0x200000 + 2 * 8, N_BIT | pte(0x203, V), "root[2]: non-leaf with N=1: reserved")
    t.mem(0x203000, pte(0x204, V), "0x203000[0] -> 0x204000 (not reached)")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", 0x40013456, cmt="VPN[0]=0x13")
    t.ok(1, 0x80013456, "PPN = 0x80010 | VPN[0][3:0]=3")
    t.dma(2, 1, "write", 0x4001a008, cmt="VPN[0]=0x1a")
    t.ok(2, 0x8001a008, "PPN = 0x80010 | 0xa")
    t.dma(3, 1, "read", 0x40020000, cmt="VPN[0]=0x20")
    t.fault_rec(3, 13, 0, "read", 1, 0x40020000, why="reserved NAPOT encoding")
    t.dma(4, 1, "read", 0x40200000, cmt="VPN[1]=1")
    t.fault_rec(4, 13, 1, "read", 1, 0x40200000, why="N=1 on a level-1 leaf")
    t.dma(5, 1, "exec", 0x80000000, cmt="VPN[2]=2")
    t.fault_rec(5, 12, 2, "exec", 1, 0x80000000, why="N=1 on a non-leaf PTE")
    t.save()


def svpbmt():
    t = T("svpbmt", """
svpbmt: Svpbmt and Svrsw60t59b (both 1 in full.cfg). Leaf PBMT (bits 62:61) 1=NC and 2=IO translate normally,
PBMT=3 is reserved (page fault); PBMT on a non-leaf PTE is reserved (page fault). With Svrsw60t59b, PTE bits
60:59 are for software and ignored; bits 58:54 remain reserved (page fault). R=0 with W=1 is reserved.
Spec: iommu_registers.adoc capabilities (Svpbmt, Svrsw60t59b "PTE Reserved-for-Software Bits 60-59");
svpbmt.adoc; supervisor.adoc Sv39 PTE format and step 3. FQ with fie=0.
""")
    t.c(PT_NOTE)
    t.dc(1, TC_V, fsc=atp(8, 0x200), cmt="Sv39 root 0x200000")
    sv39_tables(t)
    F = V | R | W | U | A | D
    t.mem(0x202000 + 1 * 8, (1 << 61) | pte(0x80001, F), "L0[1]: PBMT=NC(1)")
    t.mem(0x202000 + 2 * 8, (2 << 61) | pte(0x80002, F), "L0[2]: PBMT=IO(2)")
    t.mem(0x202000 + 3 * 8, (3 << 61) | pte(0x80003, F), "L0[3]: PBMT=3 reserved")
    t.mem(0x202000 + 4 * 8, (3 << 59) | pte(0x80004, F), "L0[4]: bits 60:59 set (software bits with Svrsw60t59b)")
    t.mem(0x202000 + 5 * 8, (1 << 54) | pte(0x80005, F), "L0[5]: bit 54 set (reserved)")
    t.mem(0x202000 + 6 * 8, (1 << 58) | pte(0x80006, F), "L0[6]: bit 58 set (reserved)")
    t.mem(0x202000 + 7 * 8, pte(0x80007, V | W | U | A | D), "L0[7]: R=0 W=1 (reserved encoding)")
    t.mem(0x200000 + 2 * 8, (1 << 61) | pte(0x203, V), "root[2]: non-leaf with PBMT=1 (reserved)")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", 0x40001100)
    t.ok(1, 0x80001100)
    t.dma(2, 1, "write", 0x40002200)
    t.ok(2, 0x80002200)
    t.dma(3, 1, "read", 0x40003000)
    t.fault_rec(3, 13, 0, "read", 1, 0x40003000, why="PBMT=3")
    t.dma(4, 1, "write", 0x40004400)
    t.ok(4, 0x80004400, "bits 60:59 ignored")
    t.dma(5, 1, "read", 0x40005000)
    t.fault_rec(5, 13, 1, "read", 1, 0x40005000, why="bit 54 reserved")
    t.dma(6, 1, "write", 0x40006000)
    t.fault_rec(6, 15, 2, "write", 1, 0x40006000, why="bit 58 reserved")
    t.dma(7, 1, "read", 0x40007000)
    t.fault_rec(7, 13, 3, "read", 1, 0x40007000, why="R=0, W=1")
    t.dma(8, 1, "read", 0x80000000, cmt="VPN[2]=2")
    t.fault_rec(8, 13, 4, "read", 1, 0x80000000, why="PBMT set in a non-leaf PTE")
    t.save()


def ad_updates():
    t = T("ad_updates", """
ad_updates: hardware A/D update (capabilities.AMO_HWAD=1). DC.tc.SADE=1: a first-stage leaf with A=0 (or
D=0 on a write) is updated by an atomic compare-and-swap of the whole PTE (cmp = the PTE read, data = PTE
with A, and D for a write, set); the permission check comes first, so a write to a read-only page faults
without an update; a PTE that already has A (and D for writes) is not written. DC.tc.GADE=1: the same for
second-stage leaves (first stage Bare). GADE=0: second-stage leaf with A=0 is a guest-page fault (iotval2 =
GPA). Every access uses its own PTE, so the result does not depend on what the IOTLB holds.
Spec: iommu_data_structures.adoc tc.SADE/GADE, "IOMMU updating of PTE accessed (A) and dirty (D)";
supervisor.adoc "Virtual Address Translation Process" steps 6-9 (memcas lines); hypervisor.adoc
G-stage. FQ with fie=0.
""")
    t.c(PT_NOTE)
    t.dc(1, TC_V | TC_SADE, fsc=atp(8, 0x200), cmt="SADE=1, Sv39 root 0x200000")
    t.dc(2, TC_V | TC_GADE, iohgatp=atp(8, 0x600, 2), cmt="GADE=1, iosatp Bare, iohgatp Sv39x4 GSCID 2 root 0x600000")
    t.dc(3, TC_V, iohgatp=atp(8, 0x604, 3), cmt="GADE=0, iosatp Bare, iohgatp Sv39x4 GSCID 3 root 0x604000")
    sv39_tables(t)
    P = {1: pte(0x80001, V | R | W | U), 2: pte(0x80002, V | R | W | U), 3: pte(0x80003, V | R | W | U | A),
         4: pte(0x80004, V | R | U | A), 5: pte(0x80005, V | R | U), 6: pte(0x80006, V | X | U)}
    cm = {1: "A=0", 2: "A=0 D=0", 3: "A=1 D=0", 4: "A=1 read-only", 5: "read-only A=0", 6: "X-only A=0"}
    for k, v in P.items():
        t.mem(0x202000 + k * 8, v, f"L0[{k}]: PA {hx(0x80000000 + k * 0x1000)}, {cm[k]}")
    GP = {0: pte(0x40000, V | R | W | U), 1: pte(0x80000, V | R | W | U), 2: pte(0xc0000, V | R | W | U | A | D),
          3: pte(0x100000, V | R | U)}
    for k, v in GP.items():
        t.mem(0x600000 + k * 8, v, f"G root[{k}]: 1 GiB leaf GPA {hx(k << 30)} -> PA {hx((v >> 10) << 12)}")
    t.mem(0x604000, pte(0x40000, V | R | W | U), "G root[0] of did 3: 1 GiB leaf, A=0")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", 0x40001010)
    t.memcas(0x202008, P[1], P[1] | A, P[1], why="set A")
    t.ok(1, 0x80001010)
    t.dma(2, 1, "write", 0x40002020)
    t.memcas(0x202010, P[2], P[2] | A | D, P[2], why="set A and D")
    t.ok(2, 0x80002020)
    t.dma(3, 1, "write", 0x40003030)
    t.memcas(0x202018, P[3], P[3] | D, P[3], why="set D")
    t.ok(3, 0x80003030)
    t.dma(4, 1, "read", 0x40004040, cmt="A already 1: no write")
    t.ok(4, 0x80004040)
    t.dma(5, 1, "write", 0x40005000, cmt="W=0")
    t.fault_rec(5, 15, 0, "write", 1, 0x40005000, why="write page fault, no A/D update")
    t.dma(6, 1, "exec", 0x40006060)
    t.memcas(0x202030, P[6], P[6] | A, P[6], why="set A")
    t.ok(6, 0x80006060)
    t.dma(7, 2, "read", 0x123456, cmt="GPA in G root[0]")
    t.memcas(0x600000, GP[0], GP[0] | A, GP[0], why="second-stage leaf: set A")
    t.ok(7, 0x40123456)
    t.dma(8, 2, "write", 0x40000040, cmt="GPA in G root[1]")
    t.memcas(0x600008, GP[1], GP[1] | A | D, GP[1], why="second-stage leaf: set A and D")
    t.ok(8, 0x80000040)
    t.dma(9, 2, "write", 0x80000080, cmt="G root[2]: A=D=1")
    t.ok(9, 0xc0000080)
    t.dma(10, 2, "write", 0xc0000000, cmt="G root[3]: read-only")
    t.fault_rec(10, 23, 1, "write", 2, 0xc0000000, 0xc0000000, why="write guest-page fault, no update")
    t.dma(11, 3, "read", 0x5000, cmt="GADE=0, G leaf A=0")
    t.fault_rec(11, 21, 2, "read", 3, 0x5000, 0x5000, why="read guest-page fault")
    t.save()


for f in [pdt_pd8, pdt_pd17, pdt_pd20, sv48, sv57, sv32, svnapot, svpbmt, ad_updates]:
    f()
