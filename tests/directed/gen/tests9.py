# Hand-written expectations for the directed tests (see regen.sh). Not a model of the IOMMU.
# docs/microarch.md version 5: first-stage Sv48 and Sv57.
from lib import *
from tests1 import OUT
from tests7 import fq_on

SV48_ROOT = 0x200000
SV57_ROOT = 0x400000
SV48_FSC = (9 << 60) | (SV48_ROOT >> 12)    # iosatp.MODE = Sv48 (9), PPN 0x200
SV57_FSC = (10 << 60) | (SV57_ROOT >> 12)   # iosatp.MODE = Sv57 (10), PPN 0x400
RWXUAD = V | R | W | X | U | A | D          # 0xdf
RUA = V | R | U | A                         # 0x53: read-only


def ptr(table):
    return pte(table >> 12, V)


# ---------------------------------------------------------------- sv48_sv57
def sv48_sv57():
    t = T("sv48_sv57", """
sv48_sv57: first-stage Sv48 (iosatp.MODE 9, four levels, VAW 48) and Sv57 (MODE 10, five levels, VAW 57)
device contexts (1LVL, base format). VPN[i] = IOVA bits 12+9i+8 .. 12+9i; the walk starts at i = LEVELS-1.
Sv48: a 4 KiB page through four levels, a 512 GiB leaf at level 3 (read, write, and a repeat that may hit
the IOTLB), a misaligned 512 GiB leaf (PPN[26:0] != 0: page fault), a 1 GiB page in the negative half
(IOVA bits 63:47 all ones), an IOVA with bit 47 set and bits 63:48 clear (not canonical: page fault).
Sv57: a 4 KiB page through five levels, a 256 TiB leaf at level 4 (read, exec), a misaligned 256 TiB leaf
(PPN[35:0] != 0), a read-only 512 GiB leaf at level 3 (read ok, write page fault), an IOVA with bit 47 set
(canonical for Sv57, mapped by a 512 GiB leaf), bit 56 set with 63:57 clear (not canonical), a pointer at
level 0 (page fault). Every fault is recorded (fqen, fie = 0): iotval = IOVA.
Spec: privileged spec "Sv48", "Sv57", "Virtual Address Translation Process" (steps 2, 4, 5, 6, 7, 8);
iommu_data_structures.adoc "Process to translate an IOVA"; docs/microarch.md 3, 5.1 StDcCheck/StPteCheck.
""")
    t.c("Memory map: DDT 0x100000 (ddtp.PPN 0x100), Sv48 root 0x200000, Sv57 root 0x400000, fault queue 0x300000.")
    t.c("PTE = PPN<<10 | flags; V=0x1 R=0x2 W=0x4 X=0x8 U=0x10 A=0x40 D=0x80.")
    t.blank()
    t.dc(1, 0x1, 0, 0, SV48_FSC, "V; fsc = Sv48, root 0x200000")
    t.dc(2, 0x1, 0, 0, SV57_FSC, "V; fsc = Sv57, root 0x400000")
    t.c("Sv48 tables")
    t.mem(SV48_ROOT + 1 * 8, ptr(0x201000), "root[1] (VPN[3] = 1) -> 0x201000")
    t.mem(0x201000 + 1 * 8, ptr(0x202000), "[1] (VPN[2] = 1) -> 0x202000")
    t.mem(0x202000 + 0 * 8, ptr(0x203000), "[0] (VPN[1] = 0) -> 0x203000")
    t.mem(0x203000 + 1 * 8, pte(0x80001, RWXUAD), "[1] (VPN[0] = 1): 4 KiB leaf PPN 0x80001")
    t.mem(SV48_ROOT + 2 * 8, pte(0x8000000, RWXUAD), "root[2]: 512 GiB leaf PPN 0x8000000 (PA 2^39), aligned")
    t.mem(SV48_ROOT + 3 * 8, pte(0x8000200, RWXUAD), "root[3]: 512 GiB leaf PPN 0x8000200: PPN[1] = 1, misaligned")
    t.mem(SV48_ROOT + 0x100 * 8, ptr(0x204000), "root[0x100] (the negative half) -> 0x204000")
    t.mem(0x204000 + 0 * 8, pte(0x40000, RWXUAD), "[0]: 1 GiB leaf PPN 0x40000 (PA 0x40000000), aligned")
    t.c("Sv57 tables")
    t.mem(SV57_ROOT + 1 * 8, ptr(0x401000), "root[1] (VPN[4] = 1) -> 0x401000")
    t.mem(0x401000 + 1 * 8, ptr(0x402000), "[1] (VPN[3] = 1) -> 0x402000")
    t.mem(0x402000 + 1 * 8, ptr(0x403000), "[1] (VPN[2] = 1) -> 0x403000")
    t.mem(0x403000 + 0 * 8, ptr(0x404000), "[0] (VPN[1] = 0) -> 0x404000")
    t.mem(0x404000 + 2 * 8, pte(0x90002, RWXUAD), "[2] (VPN[0] = 2): 4 KiB leaf PPN 0x90002")
    t.mem(0x404000 + 3 * 8, pte(0x500, V), "[3]: a pointer at level 0")
    t.mem(SV57_ROOT + 2 * 8, pte(1 << 36, RWXUAD), "root[2]: 256 TiB leaf PPN 2^36 (PA 2^48), aligned")
    t.mem(SV57_ROOT + 3 * 8, pte((1 << 36) | (1 << 27), RWXUAD), "root[3]: 256 TiB leaf with PPN[3] = 1, misaligned")
    t.mem(SV57_ROOT + 4 * 8, ptr(0x405000), "root[4] -> 0x405000")
    t.mem(0x405000 + 0 * 8, pte(0x8000000, RUA), "[0]: 512 GiB read-only leaf PPN 0x8000000 (PA 2^39)")
    t.mem(SV57_ROOT + 0 * 8, ptr(0x406000), "root[0] -> 0x406000")
    t.mem(0x406000 + 0x100 * 8, pte(0x10000000, RWXUAD), "[0x100] (VPN[3] = 0x100): 512 GiB leaf PPN 2^28 (PA 2^40)")
    t.blank()
    fq_on(t)
    t.ddtp_1lvl()
    t.blank()
    t.c("Sv48")
    t.dma(1, 0x1, "read", 0x0000008040001010, cmt="VPN[3..0] = 1, 1, 0, 1: four levels")
    t.ok(1, 0x80001010)
    t.dma(2, 0x1, "read", 0x0000010012345678, cmt="VPN[3] = 2: the 512 GiB leaf; PA = 2^39 + IOVA[38:0]")
    t.ok(2, 0x0000008012345678)
    t.dma(3, 0x1, "write", 0x0000017ffffffff8, cmt="the last doubleword of that 512 GiB page")
    t.ok(3, 0x000000fffffffff8)
    t.dma(4, 0x1, "read", 0x0000010012345680, cmt="the 512 GiB page again")
    t.ok(4, 0x0000008012345680)
    t.dma(5, 0x1, "read", 0x0000018000000000, cmt="root[3]: misaligned 512 GiB leaf")
    t.fault(5, 13, "read", 0x1, 0x0000018000000000, slot=0, why="load page fault")
    t.dma(6, 0x1, "exec", 0xffff800012345678, cmt="bits 63:47 all ones: canonical; VPN[3] = 0x100, VPN[2] = 0: 1 GiB")
    t.ok(6, 0x52345678)
    t.dma(7, 0x1, "read", 0x0000800012345678, cmt="bit 47 set, bits 63:48 clear: not canonical for Sv48")
    t.fault(7, 13, "read", 0x1, 0x0000800012345678, slot=1, why="load page fault")
    t.dma(8, 0x1, "write", 0xfff0000000001000, cmt="bits 63:52 set, 51:47 clear: not canonical")
    t.fault(8, 15, "write", 0x1, 0xfff0000000001000, slot=2, why="store page fault")
    t.blank()
    t.c("Sv57")
    t.dma(9, 0x2, "read", 0x0001008040002020, cmt="VPN[4..0] = 1, 1, 1, 0, 2: five levels")
    t.ok(9, 0x90002020)
    t.dma(10, 0x2, "read", 0x0002123456789abc, cmt="VPN[4] = 2: the 256 TiB leaf; PA = 2^48 + IOVA[47:0]")
    t.ok(10, 0x0001123456789abc)
    t.dma(11, 0x2, "exec", 0x0002fffffffff000, cmt="the last page of that 256 TiB page")
    t.ok(11, 0x0001fffffffff000)
    t.dma(12, 0x2, "read", 0x0003000000000000, cmt="root[3]: misaligned 256 TiB leaf")
    t.fault(12, 13, "read", 0x2, 0x0003000000000000, slot=3, why="load page fault")
    t.dma(13, 0x2, "read", 0x0004001234567000, cmt="VPN[4] = 4, VPN[3] = 0: read-only 512 GiB leaf")
    t.ok(13, 0x0000009234567000)
    t.dma(14, 0x2, "write", 0x0004001234567000, cmt="the same page: W = 0")
    t.fault(14, 15, "write", 0x2, 0x0004001234567000, slot=4, why="store page fault")
    t.dma(15, 0x2, "read", 0x0000800000000040, cmt="bit 47 set: canonical for Sv57; VPN[4] = 0, VPN[3] = 0x100")
    t.ok(15, 0x0000010000000040)
    t.dma(16, 0x2, "read", 0x0100000000000000, cmt="bit 56 set, bits 63:57 clear: not canonical for Sv57")
    t.fault(16, 13, "read", 0x2, 0x0100000000000000, slot=5, why="load page fault")
    t.dma(17, 0x2, "read", 0x0001008040003000, cmt="[3] of the level-0 table is a pointer")
    t.fault(17, 13, "read", 0x2, 0x0001008040003000, slot=6, why="load page fault")
    t.dma(18, 0x2, "write", 0x0001008040002ff8, cmt="the 4 KiB Sv57 page again")
    t.ok(18, 0x90002ff8)
    t.blank()
    t.read("fqt", 7)
    t.read("ipsr", 0, "fie = 0: fip stays 0")
    t.save(OUT)


if __name__ == "__main__":
    sv48_sv57()
