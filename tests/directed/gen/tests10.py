# Hand-written expectations for the directed tests (see regen.sh). Not a model of the IOMMU.
# docs/microarch.md version 6: hardware A/D updates by compare-and-swap (tc.SADE).
from lib import *
from tests1 import OUT
from tests7 import fq_on

ROOT = 0x200000
SV39_FSC = (8 << 60) | (ROOT >> 12)   # iosatp.MODE = Sv39 (8), PPN 0x200
SADE = 1 << 8                          # DC.tc.SADE (bit 8)
VRWU = V | R | W | U                   # 0x17: A = 0, D = 0


def ptr(table):
    return pte(table >> 12, V)


def memcas(t, addr, cmp, data, why):
    """The CAS the IOMMU makes (docs/microarch.md 5.1 StAdReq); old = cmp: nothing changes the PTE between."""
    t.s.append(f"#   -> CAS at {hx(addr)}: cmp {hx(cmp)}, data {hx(data)} ({why})")
    t.l.append(f"memcas addr={h(addr)} cmp={h(cmp)} data={h(data)} old={h(cmp)} status=ok")


def barrier(t):
    """A register read waits until every earlier dma has its response (docs/formats.md): the requests after it
    see the A/D bits the requests before it set, in any order a DUT answers outstanding requests."""
    t.read("capabilities", 0x3821000e10, "a barrier: the next requests depend on the A/D bits set before it")


# ---------------------------------------------------------------- hw_ad_updates
def hw_ad_updates():
    t = T("hw_ad_updates", """
hw_ad_updates: hardware A/D updates (capabilities.AMO_HWAD = 1, docs/microarch.md version 6). Device 1's DC
has tc.SADE = 1, device 2's tc.SADE = 0; both map IOVAs with the same Sv39 tables (1LVL, base format). With
SADE = 1 a leaf that passes every check but A = 0 (or D = 0 on a write) is updated by a compare-and-swap at
the PTE's address: compare value the PTE as read, write data the PTE | A, and | D on a write. A read sets A
only; a later write to the same page sets D (in the RTL configuration the IOTLB entry with D = 0 that the
write hits is invalidated and the page walked again); a write to a leaf with A = D = 0 sets both in one CAS,
at level 0 and at level 1 (a 2 MiB leaf). A leaf that fails another check (W = 0 on a write) page-faults
without a CAS. With SADE = 0 the same cases are page faults (13 read, 15 write), also for a write whose
device-2 IOTLB entry has D = 0. Every fault is recorded (fqen, fie = 0): iotval = IOVA.
Spec: privileged spec "Virtual Address Translation Process" step 9 (Svadu-style update); IOMMU spec
"Process to translate an IOVA" (A/D update by an atomic compare-and-swap), "Device-context" tc.SADE;
docs/microarch.md 5.1 StPteCheck / StAdReq / StAdWait, 5.3, StLookup step 5.
""")
    t.c("Memory map: DDT 0x100000 (ddtp.PPN 0x100), Sv39 root 0x200000, fault queue 0x300000.")
    t.c("PTE = PPN<<10 | flags; V=0x1 R=0x2 W=0x4 X=0x8 U=0x10 A=0x40 D=0x80.")
    t.blank()
    t.dc(1, 0x1 | SADE, 0, 0, SV39_FSC, "V, SADE; fsc = Sv39, root 0x200000")
    t.dc(2, 0x1, 0, 0, SV39_FSC, "V (SADE = 0); fsc = Sv39, root 0x200000")
    t.mem(ROOT + 1 * 8, ptr(0x201000), "root[1] (VPN[2] = 1) -> 0x201000")
    t.mem(0x201000 + 1 * 8, ptr(0x202000), "[1] (VPN[1] = 1) -> 0x202000")
    t.mem(0x201000 + 2 * 8, pte(0x80200, VRWU), "[2] (VPN[1] = 2): 2 MiB leaf PPN 0x80200, A = D = 0")
    t.mem(0x202000 + 1 * 8, pte(0x80001, VRWU), "[1]: 4 KiB leaf PPN 0x80001, A = D = 0")
    t.mem(0x202000 + 2 * 8, pte(0x80002, VRWU | A), "[2]: 4 KiB leaf PPN 0x80002, A = 1, D = 0")
    t.mem(0x202000 + 3 * 8, pte(0x80003, VRWU), "[3]: 4 KiB leaf PPN 0x80003, A = D = 0")
    t.mem(0x202000 + 4 * 8, pte(0x80004, V | R | U), "[4]: read-only 4 KiB leaf PPN 0x80004, A = 0")
    t.blank()
    fq_on(t)
    t.ddtp_1lvl()
    t.blank()
    p1, p2, p3 = pte(0x80001, VRWU), pte(0x80002, VRWU | A), pte(0x80003, VRWU)
    big = pte(0x80200, VRWU)
    t.dma(1, 0x1, "read", 0x40201010, cmt="VPN = 1, 1, 1: leaf [1] with A = 0")
    memcas(t, 0x202008, p1, p1 | A, "a read sets A")
    t.ok(1, 0x80001010)
    barrier(t)
    t.dma(2, 0x1, "write", 0x40201020, cmt="the same page: D = 0")
    memcas(t, 0x202008, p1 | A, p1 | A | D, "a write sets D")
    t.ok(2, 0x80001020)
    barrier(t)
    t.dma(3, 0x1, "write", 0x40201028, cmt="the same page: A = D = 1 now, no CAS")
    t.ok(3, 0x80001028)
    t.dma(4, 0x1, "write", 0x40202000, cmt="leaf [2]: A = 1, D = 0")
    memcas(t, 0x202010, p2, p2 | D, "D only")
    t.ok(4, 0x80002000)
    t.dma(5, 0x1, "write", 0x40412345, cmt="VPN[1] = 2: the 2 MiB leaf, A = D = 0")
    memcas(t, 0x201010, big, big | A | D, "A and D in one CAS, level 1")
    t.ok(5, 0x80212345)
    t.dma(6, 0x2, "read", 0x40203000, cmt="device 2 (SADE = 0), leaf [3] with A = 0")
    t.fault(6, 13, "read", 0x2, 0x40203000, slot=0, why="load page fault, no CAS")
    t.dma(7, 0x1, "write", 0x40204000, cmt="leaf [4]: W = 0 (and A = 0)")
    t.fault(7, 15, "write", 0x1, 0x40204000, slot=1, why="store page fault: W fails before A/D, no CAS")
    barrier(t)
    t.dma(8, 0x1, "read", 0x40203008, cmt="device 1, leaf [3]: A = 0")
    memcas(t, 0x202018, p3, p3 | A, "a read sets A")
    t.ok(8, 0x80003008)
    barrier(t)
    t.dma(9, 0x2, "read", 0x40203010, cmt="device 2, leaf [3]: A = 1 now")
    t.ok(9, 0x80003010)
    t.dma(10, 0x2, "write", 0x40203018, cmt="device 2, leaf [3]: D = 0 and SADE = 0")
    t.fault(10, 15, "write", 0x2, 0x40203018, slot=2, why="store page fault, no CAS")
    t.dma(11, 0x1, "read", 0x40201ff8, cmt="device 1, leaf [1] again: A = D = 1, no CAS")
    t.ok(11, 0x80001ff8)
    t.blank()
    t.read("fqt", 3)
    t.read("ipsr", 0, "fie = 0: fip stays 0")
    t.save(OUT)


if __name__ == "__main__":
    hw_ad_updates()
