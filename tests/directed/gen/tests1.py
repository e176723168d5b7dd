# Hand-written expectations for the directed tests (see regen.sh). Not a model of the IOMMU.
from lib import *

import os
OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def common_pt_comment(t):
    t.c("""Memory map: DDT (1LVL) page 0x100000 (ddtp.PPN 0x100), Sv39 root table 0x200000 (iosatp.PPN 0x200),
fault queue 0x300000 (fqb.PPN 0x300). PTE = PPN<<10 | flags; flags V=0x1 R=0x2 W=0x4 X=0x8 U=0x10 A=0x40 D=0x80.
Non-leaf PTEs are V only. Requests carry no process_id, so they are User requests: leaves have U=1 unless stated.
Sv39 IOVA: VPN[2]=iova[38:30], VPN[1]=iova[29:21], VPN[0]=iova[20:12]; PTE address = table + VPN[i]*8.""")


# ---------------------------------------------------------------- sv39_miss_then_hit
def sv39_miss_then_hit():
    t = T("sv39_miss_then_hit", """
sv39_miss_then_hit: a 3-level Sv39 walk to 4 KiB leaves; repeated accesses to the same page (IOTLB hit in
this implementation) and other offsets must give the same translation; read and write to an RW page,
exec to an X-only page. No fault, so no fault record and no interrupt; fqt stays 0.
Spec: iommu_data_structures.adoc "Process to translate an IOVA" (steps 1, 3, 5, 6, 10, 17),
"Process to locate the Device-context"; privileged supervisor.adoc "Virtual Address Translation Process",
Sv39; docs/microarch.md 5.3 (permission rules), 6 (IOTLB: hit and miss give the same outcome).
""")
    common_pt_comment(t)
    t.blank()
    t.dc(1, 0x1, 0, 0, SV39_FSC, "tc.V=1; fsc = MODE Sv39 (8<<60) | PPN 0x200")
    t.c("IOVA 0x40403xxx: VPN[2]=1, VPN[1]=2, VPN[0]=3; 0x40404xxx: VPN[0]=4")
    t.mem(ROOT + 1 * 8, pte(0x201, V), "root[1] -> L1 table 0x201000")
    t.mem(0x201000 + 2 * 8, pte(0x202, V), "L1[2] -> L0 table 0x202000")
    t.mem(0x202000 + 3 * 8, pte(0x80010, V | R | W | U | A | D), "L0[3]: 4 KiB leaf PA 0x80010000, V|R|W|U|A|D = 0xd7")
    t.mem(0x202000 + 4 * 8, pte(0x80020, V | X | U | A), "L0[4]: 4 KiB leaf PA 0x80020000, V|X|U|A = 0x59 (execute-only)")
    t.blank()
    t.fq_setup()
    t.ddtp_1lvl()
    t.blank()
    t.dma(1, 1, "read", 0x40403123, cmt="miss: walk root[1], L1[2], L0[3]")
    t.ok(1, 0x80010123)
    t.dma(2, 1, "read", 0x40403123, cmt="same page and offset again (hit)")
    t.ok(2, 0x80010123)
    t.dma(3, 1, "read", 0x40403ff8, cmt="same page, last doubleword")
    t.ok(3, 0x80010ff8)
    t.dma(4, 1, "write", 0x40403010, cmt="write to the RW page (R=W=D=1)")
    t.ok(4, 0x80010010)
    t.dma(5, 1, "exec", 0x40404000, cmt="exec on the X-only page (miss)")
    t.ok(5, 0x80020000)
    t.dma(6, 1, "exec", 0x40404abc, cmt="exec again, other offset (hit)")
    t.ok(6, 0x80020abc)
    t.dma(7, 1, "write", 0x40403ff0, cmt="write again (hit)")
    t.ok(7, 0x80010ff0)
    t.blank()
    t.read("fqt", 0, "no fault recorded")
    t.read("ipsr", 0, "fip (bit 1) clear")
    t.save(OUT)


# ---------------------------------------------------------------- sv39_superpages
def sv39_superpages():
    t = T("sv39_superpages", """
sv39_superpages: 2 MiB (level 1) and 1 GiB (level 2) leaves, including a 1 GiB page in the upper
(sign-extended, VPN[2]=0x100) half of the Sv39 space; a read-only 1 GiB page written (15); misaligned
superpages (leaf at i>0 with pte.ppn[i-1:0] != 0) give the page fault of the access type.
Spec: supervisor.adoc "Virtual Address Translation Process" steps 5 (misaligned superpage) and 10
(pa.ppn[i-1:0] = va.vpn[i-1:0]); Sv39 "Addressing and Memory Protection" (bits 63:39 = bit 38);
iommu_in_memory_queues.adoc "Fault/Event-Queue" record layout (iotval = IOVA, iotval2 = 0).
""")
    common_pt_comment(t)
    t.blank()
    t.dc(1, 0x1, 0, 0, SV39_FSC, "tc.V=1; fsc = Sv39, root PPN 0x200")
    t.mem(ROOT + 1 * 8, pte(0x201, V), "root[1] -> L1 table 0x201000 (IOVA 0x40000000..0x7fffffff)")
    t.mem(0x201000 + 5 * 8, pte(0x80200, V | R | W | U | A | D),
          "L1[5]: 2 MiB leaf PPN 0x80200 (ppn[0]=0, aligned; PA 0x80200000), flags 0xd7; IOVA 0x40a00000..0x40bfffff")
    t.mem(0x201000 + 6 * 8, pte(0x80401, V | R | W | U | A | D),
          "L1[6]: 2 MiB leaf PPN 0x80401: ppn[0]=1 != 0 -> misaligned; IOVA 0x40c00000")
    t.mem(ROOT + 2 * 8, pte(0xc0000, V | R | U | A),
          "root[2]: 1 GiB leaf PPN 0xc0000 (ppn[1:0]=0, PA 0xc0000000), V|R|U|A = 0x53 read-only; IOVA 0x80000000..0xbfffffff")
    t.mem(ROOT + 3 * 8, pte(0xc0200, V | R | U | A),
          "root[3]: 1 GiB leaf PPN 0xc0200: ppn[1]=1 (ppn[0]=0) -> misaligned; IOVA 0xc0000000")
    t.mem(ROOT + 4 * 8, pte(0x100001, V | X | U | A),
          "root[4]: 1 GiB leaf PPN 0x100001: ppn[0]=1 -> misaligned; IOVA 0x100000000")
    t.mem(ROOT + 0x100 * 8, pte(0x100000, V | R | W | X | U | A | D),
          "root[0x100] (addr 0x200800): 1 GiB leaf PPN 0x100000 (PA 0x100000000), 0xdf; IOVA 0xffffffc000000000..")
    t.blank()
    t.fq_setup()
    t.ddtp_1lvl()
    t.blank()
    t.dma(1, 1, "read", 0x40a12345, cmt="VPN[2]=1 VPN[1]=5: 2 MiB leaf; pa = 0x80200000 + iova[20:0] (0x12345)")
    t.ok(1, 0x80212345)
    t.dma(2, 1, "write", 0x40bffff8, cmt="same 2 MiB page, iova[20:0] = 0x1ffff8")
    t.ok(2, 0x803ffff8)
    t.dma(3, 1, "read", 0x40a00000)
    t.ok(3, 0x80200000)
    t.dma(4, 1, "read", 0x81234567, cmt="VPN[2]=2: 1 GiB leaf; pa = 0xc0000000 + iova[29:0] (0x1234567)")
    t.ok(4, 0xc1234567)
    t.dma(5, 1, "read", 0xbffff000, cmt="same 1 GiB page, iova[29:0] = 0x3ffff000")
    t.ok(5, 0xfffff000)
    t.dma(6, 1, "write", 0x81234567, cmt="write to the read-only 1 GiB page")
    t.fault(6, 15, "write", 1, 0x81234567, slot=0, irq=0, why="W=0")
    t.dma(7, 1, "read", 0xffffffc000001234,
          cmt="bits 63:39 all 1 = bit 38: canonical; VPN[2] = iova[38:30] = 0x100")
    t.ok(7, 0x100001234, "0x100000000 + iova[29:0]")
    t.dma(8, 1, "exec", 0xffffffc03fffff00, cmt="iova[29:0] = 0x3fffff00")
    t.ok(8, 0x13fffff00)
    t.dma(9, 1, "write", 0x40c00000, cmt="misaligned 2 MiB leaf L1[6]")
    t.fault(9, 15, "write", 1, 0x40c00000, slot=1, why="misaligned superpage, write page fault")
    t.dma(10, 1, "read", 0xc0000000, cmt="misaligned 1 GiB leaf root[3]")
    t.fault(10, 13, "read", 1, 0xc0000000, slot=2, why="misaligned superpage, read page fault")
    t.dma(11, 1, "exec", 0x100000000, cmt="misaligned 1 GiB leaf root[4] (VPN[2]=4)")
    t.fault(11, 12, "exec", 1, 0x100000000, slot=3, why="misaligned superpage, instruction page fault")
    t.blank()
    t.read("fqt", 4, "4 records")
    t.read("ipsr", 2, "fip (bit 1)")
    t.save(OUT)


# ---------------------------------------------------------------- perm_faults
def perm_faults():
    t = T("perm_faults", """
perm_faults: leaf permission and PTE-validity checks of the Sv39 walk, each with its page-fault cause
(12 instruction, 13 read, 15 write/AMO), on both the fresh-walk path and (after a successful access has
filled the IOTLB) the cached path:
write to a read-only page (15, both after a read of the same page and on a page never accessed),
exec of a non-X page (12), read of an execute-only page (13, no MXR), U=0 page from a User request,
A=0 (no hardware A/D update: AMO_HWAD=0, SADE=0), D=0 on a write, W=1 R=0 and W=1 X=1 R=0 reserved
encodings, reserved PTE bit 54 set, non-leaf PTE at level 0, V=0 PTE, non-canonical IOVAs.
Spec: supervisor.adoc "Virtual Address Translation Process" steps 3, 4, 6, 8, 9; Sv39 reserved bits
60:54 and the bits 63:39 = bit 38 rule; iommu_data_structures.adoc tc.SADE ("If SADE is 0 ... page-fault
... if the A bit is 0 or ... store and the D bit is 0"); docs/microarch.md 5.3; fault record layout in
iommu_in_memory_queues.adoc "Fault/Event-Queue".
""")
    common_pt_comment(t)
    t.blank()
    t.dc(1, 0x1, 0, 0, SV39_FSC, "tc.V=1; fsc = Sv39, root PPN 0x200")
    t.mem(ROOT + 1 * 8, pte(0x201, V), "root[1] -> L1 0x201000")
    t.mem(0x201000 + 0 * 8, pte(0x202, V), "L1[0] -> L0 0x202000; L0[n] maps IOVA 0x40000000 + n*0x1000")
    L0 = [
        (0, 0x80000, V | R | U | A, "read-only page, V|R|U|A = 0x53"),
        (1, 0x80001, V | X | U | A, "execute-only page, V|X|U|A = 0x59"),
        (2, 0x80002, V | R | W | U | A | D, "RW page without X, 0xd7"),
        (3, 0x80003, V | R | W | A | D, "U=0 page, V|R|W|A|D = 0xc7"),
        (4, 0x80004, V | R | W | U | D, "A=0 page, V|R|W|U|D = 0x97"),
        (5, 0x80005, V | R | W | U | A, "D=0 page, V|R|W|U|A = 0x57"),
        (6, 0x80006, V | W | U | A | D, "W=1 R=0 (reserved), V|W|U|A|D = 0xd5"),
        (7, 0x80007, V | R | W | U | A | D | (1 << 54), "reserved bit 54 set (bits 60:54 reserved) on an otherwise good 0xd7 leaf"),
        (8, 0x80008, V, "pointer PTE (R=W=X=0) at level 0"),
        (9, 0x80009, R | W | U | A | D, "V=0 (other bits 0xd6 set)"),
        (10, 0x8000a, V | W | X | U | A | D, "X=1 W=1 R=0 (reserved), 0xdd"),
        (11, 0x8000b, V | R | U | A, "another read-only page, 0x53, never read before the write"),
        (12, 0x8000c, V | R | W | U | A, "another D=0 page, 0x57, never read before the write"),
    ]
    for n, ppn, fl, cmt in L0:
        t.mem(0x202000 + n * 8, pte(ppn, fl), f"L0[{n}]: PPN {hx(ppn)}, {cmt}")
    t.mem(ROOT + 0x1ff * 8, 0, "root[0x1ff] (0x200ff8) = 0: V=0")
    t.blank()
    t.fq_setup()
    t.ddtp_1lvl()
    t.blank()
    B = 0x40000000
    t.dma(1, 1, "read", B + 0x010, cmt="read-only page: read is allowed (fills the IOTLB)")
    t.ok(1, 0x80000010)
    t.dma(2, 1, "write", B + 0x018, cmt="write to the read-only page just read (IOTLB hit in this design)")
    t.fault(2, 15, "write", 1, B + 0x018, slot=0, irq=0, why="W=0: write/AMO page fault")
    t.dma(3, 1, "exec", B + 0x020, cmt="exec on the read-only page")
    t.fault(3, 12, "exec", 1, B + 0x020, slot=1, why="X=0")
    t.dma(4, 1, "write", B + 0xb000 + 0x8, cmt="write to read-only L0[11], no previous access (IOTLB miss)")
    t.fault(4, 15, "write", 1, B + 0xb008, slot=2, why="W=0")
    t.dma(5, 1, "read", B + 0x1000, cmt="read of the execute-only page")
    t.fault(5, 13, "read", 1, B + 0x1000, slot=3, why="R=0, no MXR")
    t.dma(6, 1, "exec", B + 0x1040, cmt="exec of the execute-only page is allowed")
    t.ok(6, 0x80001040)
    t.dma(7, 1, "read", B + 0x1048, cmt="read of the execute-only page again, after the exec filled the IOTLB")
    t.fault(7, 13, "read", 1, B + 0x1048, slot=4, why="R=0")
    t.dma(8, 1, "exec", B + 0x2000, cmt="exec of an RW page without X")
    t.fault(8, 12, "exec", 1, B + 0x2000, slot=5, why="X=0")
    t.dma(9, 1, "read", B + 0x2008)
    t.ok(9, 0x80002008)
    t.dma(10, 1, "write", B + 0x2010)
    t.ok(10, 0x80002010)
    t.dma(11, 1, "read", B + 0x3000, cmt="U=0 page, User request (no process_id)")
    t.fault(11, 13, "read", 1, B + 0x3000, slot=6, why="U=0 for a User access")
    t.dma(12, 1, "write", B + 0x3008)
    t.fault(12, 15, "write", 1, B + 0x3008, slot=7, why="U=0 for a User access")
    t.dma(13, 1, "read", B + 0x4000, cmt="A=0 page")
    t.fault(13, 13, "read", 1, B + 0x4000, slot=8, why="A=0 and no hardware A/D update")
    t.dma(14, 1, "read", B + 0x5000, cmt="D=0 page: read is allowed")
    t.ok(14, 0x80005000)
    t.dma(15, 1, "write", B + 0x5008, cmt="D=0 page: write after the read")
    t.fault(15, 15, "write", 1, B + 0x5008, slot=9, why="store with D=0 and no hardware A/D update")
    t.dma(16, 1, "write", B + 0xc000, cmt="D=0 page L0[12], no previous access")
    t.fault(16, 15, "write", 1, B + 0xc000, slot=10, why="store with D=0")
    t.dma(17, 1, "read", B + 0x6000, cmt="W=1 R=0")
    t.fault(17, 13, "read", 1, B + 0x6000, slot=11, why="reserved encoding R=0 W=1")
    t.dma(18, 1, "write", B + 0x6008)
    t.fault(18, 15, "write", 1, B + 0x6008, slot=12, why="reserved encoding R=0 W=1")
    t.dma(19, 1, "read", B + 0x7000, cmt="reserved PTE bit 54 set")
    t.fault(19, 13, "read", 1, B + 0x7000, slot=13, why="reserved bit set")
    t.dma(20, 1, "read", B + 0x8000, cmt="pointer PTE at level 0")
    t.fault(20, 13, "read", 1, B + 0x8000, slot=14, why="non-leaf at i=0: i-1 < 0")
    t.dma(21, 1, "read", B + 0x9000, cmt="V=0 leaf")
    t.fault(21, 13, "read", 1, B + 0x9000, slot=15, why="V=0")
    t.dma(22, 1, "exec", B + 0x9008)
    t.fault(22, 12, "exec", 1, B + 0x9008, slot=16, why="V=0")
    t.dma(23, 1, "exec", B + 0xa000, cmt="X=1 W=1 R=0")
    t.fault(23, 12, "exec", 1, B + 0xa000, slot=17, why="reserved encoding R=0 W=1")
    t.dma(24, 1, "read", 0x0000008000000000, cmt="bit 39 = 1, bit 38 = 0: not canonical")
    t.fault(24, 13, "read", 1, 0x0000008000000000, slot=18, why="bits 63:39 != bit 38")
    t.dma(25, 1, "write", 0xffffff8000000000, cmt="bits 63:39 = 1, bit 38 = 0: not canonical")
    t.fault(25, 15, "write", 1, 0xffffff8000000000, slot=19, why="bits 63:39 != bit 38")
    t.dma(26, 1, "exec", 0x4000000040000000, cmt="bit 62 set, bit 38 = 0 (low bits would map L0[0])")
    t.fault(26, 12, "exec", 1, 0x4000000040000000, slot=20, why="bits 63:39 != bit 38")
    t.dma(27, 1, "read", 0xffffffffc0000000, cmt="canonical, VPN[2]=0x1ff: root[0x1ff] is 0 (V=0)")
    t.fault(27, 13, "read", 1, 0xffffffffc0000000, slot=21, why="V=0 at level 2")
    t.dma(28, 1, "read", B + 0x018, cmt="the read-only page is still readable")
    t.ok(28, 0x80000018)
    t.blank()
    t.read("fqt", 22, "22 records (slots 0..21)")
    t.read("fqcsr", FQCSR_ON, "no fqof/fqmf")
    t.read("ipsr", 2)
    t.save(OUT)


# ---------------------------------------------------------------- walk_access_faults
def walk_access_faults():
    t = T("walk_access_faults", """
walk_access_faults: errors on the implicit reads of first-stage PTEs. An access fault on a PTE read
raises the access fault of the original access type (read 5, write/AMO 7, exec 1); data corruption on a
PTE read is "First/second-stage PT data corruption" (274). Tested at level 2 (root), level 1 and level 0.
After the mark is cleared (memerr ... ok) the same walk succeeds.
Spec: supervisor.adoc "Virtual Address Translation Process" step 2 ("If accessing pte violates a PMA or
PMP check, raise an access-fault exception corresponding to the original access type");
iommu_in_memory_queues.adoc cause table (1, 5, 7, 274); docs/microarch.md 5.1 StPteWait.
""")
    common_pt_comment(t)
    t.blank()
    t.dc(1, 0x1, 0, 0, SV39_FSC, "tc.V=1; fsc = Sv39, root PPN 0x200")
    t.mem(ROOT + 1 * 8, pte(0x201, V), "root[1] -> L1 0x201000 (IOVA 0x40000000..)")
    t.mem(0x201000, pte(0x202, V), "L1[0] -> L0 0x202000")
    t.mem(0x202000, pte(0x80000, V | R | W | X | U | A | D), "L0[0]: leaf PA 0x80000000, 0xdf (RWX)")
    t.memerr(ROOT + 1 * 8, "access", "root[1] (0x200008) read gives an access fault")
    t.memerr(ROOT + 2 * 8, "corrupt", "root[2] (0x200010, IOVA 0x80000000..) gives data corruption")
    t.mem(ROOT + 3 * 8, pte(0x203, V), "root[3] -> L1b 0x203000 (IOVA 0xc0000000..)")
    t.mem(0x203000, pte(0x204, V), "L1b[0] -> L0b 0x204000")
    t.memerr(0x204000, "access", "L0b[0] (level 0 PTE) gives an access fault")
    t.mem(ROOT + 5 * 8, pte(0x205, V), "root[5] -> L1c 0x205000 (IOVA 0x140000000..)")
    t.memerr(0x205000, "corrupt", "L1c[0] (level 1 PTE) gives data corruption")
    t.blank()
    t.fq_setup()
    t.ddtp_1lvl()
    t.blank()
    t.dma(1, 1, "read", 0x40000000, cmt="level-2 PTE access fault")
    t.fault(1, 5, "read", 1, 0x40000000, slot=0, irq=0, why="read access fault")
    t.dma(2, 1, "write", 0x40000008)
    t.fault(2, 7, "write", 1, 0x40000008, slot=1, why="write/AMO access fault")
    t.dma(3, 1, "exec", 0x40000010)
    t.fault(3, 1, "exec", 1, 0x40000010, slot=2, why="instruction access fault")
    t.dma(4, 1, "read", 0x80000000, cmt="level-2 PTE data corruption")
    t.fault(4, 274, "read", 1, 0x80000000, slot=3, why="PT data corruption")
    t.dma(5, 1, "write", 0x80001000)
    t.fault(5, 274, "write", 1, 0x80001000, slot=4, why="PT data corruption")
    t.dma(6, 1, "exec", 0xc0000000, cmt="level-0 PTE access fault")
    t.fault(6, 1, "exec", 1, 0xc0000000, slot=5, why="instruction access fault")
    t.dma(7, 1, "read", 0xc0000ff8)
    t.fault(7, 5, "read", 1, 0xc0000ff8, slot=6, why="read access fault")
    t.dma(8, 1, "read", 0x140000000, cmt="VPN[2]=5: level-1 PTE data corruption")
    t.fault(8, 274, "read", 1, 0x140000000, slot=7, why="PT data corruption")
    t.blank()
    t.memerr(ROOT + 1 * 8, "ok", "clear the mark on root[1]")
    t.dma(9, 1, "read", 0x40000018)
    t.ok(9, 0x80000018)
    t.dma(10, 1, "write", 0x40000020)
    t.ok(10, 0x80000020)
    t.dma(11, 1, "exec", 0x40000028)
    t.ok(11, 0x80000028)
    t.blank()
    t.read("fqt", 8)
    t.save(OUT)


if __name__ == "__main__":
    sv39_miss_then_hit()
    sv39_superpages()
    perm_faults()
    walk_access_faults()
