# Hand-written expectations for the directed tests (see regen.sh). Not a model of the IOMMU.
# docs/microarch.md version 7: extended device contexts (MSI_FLAT) and process directories (PD8, PD17, PD20),
# for config/rtl_max.cfg; the scenarios go to tests/directed/max/ and state that configuration.
import os

from lib import *
from tests1 import OUT
from tests7 import fq_on

MAX_OUT = os.path.join(OUT, "max")
CONFIG = "config ../../../config/rtl_max.cfg"
PT = 0x200000                          # Sv39 root of every process here; level-1 table 0x201000, level-0 0x202000
SV39 = (8 << 60) | (PT >> 12)          # PC.fsc / DC.fsc: MODE Sv39 (8), PPN 0x200
PDTV, DPE = 1 << 5, 1 << 9             # DC.tc bits
ENS, SUM = 1 << 1, 1 << 2              # PC.ta bits
PD8, PD17, PD20 = 1, 2, 3              # pdtp.MODE
USER_RW = V | R | W | U | A | D
SUP_RW = V | R | W | A | D             # U = 0: a Supervisor page
USER_RX = V | R | X | U | A | D


def ta(pscid, bits):
    return (pscid << 12) | bits


def pdtp(mode, table):
    return (mode << 60) | (table >> 12)


def dcx(t, did, tc, ta_=0, fsc=0, msiptp=0, mask=0, pattern=0, dw7=0, cmt=""):
    """An extended-format (64-byte) device context: 1LVL DDI[0] = device_id[5:0], at DDT + DDI[0] * 64."""
    a = DDT + (did & 0x3f) * 64
    t.s.append(f"# DC of device {hx(did)} at {hx(DDT)} + {did & 0x3f}*64 = {hx(a)}" + (f": {cmt}" if cmt else ""))
    for k, (name, v) in enumerate((("tc", tc), ("iohgatp", 0), ("ta", ta_), ("fsc", fsc), ("msiptp", msiptp),
                                   ("msi_addr_mask", mask), ("msi_addr_pattern", pattern), ("reserved", dw7))):
        t.mem(a + 8 * k, v, name)


def pc(t, addr, ta_, fsc, cmt):
    t.s.append(f"# PC at {hx(addr)}: {cmt}")
    t.mem(addr, ta_, "ta")
    t.mem(addr + 8, fsc, "fsc")


# ---------------------------------------------------------------- pdt_process
def pdt_process():
    t = T("pdt_process", """
pdt_process (config/rtl_max.cfg, docs/microarch.md version 7): extended (64-byte) device contexts and
process directories. 1LVL directory of extended DCs (DDI[0] = device_id[5:0], 64 bytes each). One Sv39 table
(root 0x200000) maps IOVA 0x1000 -> 0x80001000 (U = 1, RW), 0x2000 -> 0x80002000 (U = 0, RW: a Supervisor
page) and 0x3000 -> 0x80003000 (U = 1, RX). Device 1: PD8 (one level, PC at PDT + pid * 16), DPE = 0,
processes with ENS/SUM mixes and broken PCs (V = 0: 266; a reserved ta bit or a reserved fsc.MODE: 267;
a memory error on ta or fsc: 265 access, 269 corruption), a process_id too wide for PD8 (260), a request
without process_id (DPE = 0: first stage Bare). Device 2: PD17, DPE = 1 (no process_id = process 0, whose
root entry has a reserved bit: 267), a root entry in faulting memory (265), a zero root entry (266), a
process_id wider than 17 bits (260). Device 3: PD20 with DPE = 1, process 0xfffff (every index at its
largest, fsc Bare) and process 0 (Sv39, ENS = 0: a Supervisor request is 260). Devices 4 - 7: DC
misconfigurations of version 7 (259): tc.DPE with PDTV = 0, msiptp.MODE Flat (no second stage), a non-zero
reserved doubleword 7, pdtp.MODE 4. Device 8: PDTV = 0 with msiptp.PPN, mask and pattern set below bit 44
and msiptp.MODE Off (legal, unused). Device 0x40: too wide for an extended 1LVL directory (260).
Privilege: a request with a process_id and priv=s is Supervisor; it needs PC.ta.ENS = 1 (else 260), reaches
U = 0 pages, and U = 1 pages only with SUM = 1 and not to execute. Every fault is recorded (fqen, fie = 0,
32 slots); the record carries PV, PID and PRIV of requests with a process_id, iotval = IOVA.
Spec: iommu_data_structures.adoc "Device-context fields" (extended format), "Device-context configuration
checks", "Process-Directory-Table (PDT)", "Process-context fields" (ENS, SUM), "Process to translate an
IOVA" steps 3 - 16, "Process to locate the Process-context", "Process-context configuration checks";
iommu_in_memory_queues.adoc fault causes 260, 265 - 267, 269.
""")
    t.s.insert(1, CONFIG)
    t.c("Memory map: DDT (1LVL, extended DCs) 0x100000, Sv39 tables 0x200000/0x201000/0x202000, fault queue\n"
        "0x300000, PDTs: device 1 0x400000; device 2 root 0x410000, leaf 0x411000; device 3 root 0x420000,\n"
        "middle 0x421000 and 0x423000, leaf 0x422000 and 0x424000.")
    t.mem(PT, pte(0x201, V), "Sv39 level 2, VPN[2] = 0 -> 0x201000")
    t.mem(0x201000, pte(0x202, V), "level 1, VPN[1] = 0 -> 0x202000")
    t.mem(0x202008, pte(0x80001, USER_RW), "level 0, VPN[0] = 1: 0x1000 -> 0x80001000, U = 1, RW")
    t.mem(0x202010, pte(0x80002, SUP_RW), "VPN[0] = 2: 0x2000 -> 0x80002000, U = 0, RW")
    t.mem(0x202018, pte(0x80003, USER_RX), "VPN[0] = 3: 0x3000 -> 0x80003000, U = 1, RX")
    # device 1: PD8, PCs at 0x400000 + pid * 16
    P1 = 0x400000
    dcx(t, 1, V | PDTV, fsc=pdtp(PD8, P1), cmt="V|PDTV, DPE = 0, pdtp PD8 at 0x400000")
    pc(t, P1 + 5 * 16, ta(0x11, V | ENS | SUM), SV39, "pid 5: V|ENS|SUM, PSCID 0x11, Sv39")
    pc(t, P1 + 6 * 16, ta(0x12, V), SV39, "pid 6: V, ENS = 0, PSCID 0x12")
    pc(t, P1 + 7 * 16, ta(0x13, V | ENS), SV39, "pid 7: V|ENS, SUM = 0, PSCID 0x13")
    pc(t, P1 + 8 * 16, ta(0x14, ENS | SUM), SV39, "pid 8: V = 0")
    pc(t, P1 + 9 * 16, ta(0x15, V | (1 << 3)), SV39, "pid 9: reserved ta bit 3")
    pc(t, P1 + 10 * 16, ta(0x16, V), (3 << 60) | 0x200, "pid 10: fsc.MODE 3 (reserved)")
    pc(t, P1 + 11 * 16, ta(0x17, V), SV39, "pid 11: fsc in memory that answers with an access fault")
    t.memerr(P1 + 11 * 16 + 8, "access", "pid 11's fsc")
    pc(t, P1 + 12 * 16, ta(0x18, V), SV39, "pid 12: ta in memory that answers with data corruption")
    t.memerr(P1 + 12 * 16, "corrupt", "pid 12's ta")
    # device 2: PD17 (PDI[1] = pid[16:8] in the root, PDI[0] = pid[7:0] in the leaf), DPE = 1
    R2, L2 = 0x410000, 0x411000
    dcx(t, 2, V | PDTV | DPE, fsc=pdtp(PD17, R2), cmt="V|PDTV|DPE, pdtp PD17 at 0x410000")
    t.mem(R2 + 0 * 8, pte(0x412, V | (1 << 9)), "root entry PDI[1] = 0: V, reserved bit 9")
    t.mem(R2 + 1 * 8, pte(L2 >> 12, V), "root entry PDI[1] = 1 -> 0x411000")
    t.mem(R2 + 3 * 8, pte(0x413, V), "root entry PDI[1] = 3: in faulting memory")
    t.memerr(R2 + 3 * 8, "access", "device 2's root entry 3")
    pc(t, L2 + 2 * 16, ta(0x21, V | ENS), SV39, "pid 0x102 (PDI[1] 1, PDI[0] 2): V|ENS, PSCID 0x21")
    # device 3: PD20 (PDI[2] = pid[19:17], PDI[1] = pid[16:8], PDI[0] = pid[7:0]), DPE = 1
    R3 = 0x420000
    dcx(t, 3, V | PDTV | DPE, fsc=pdtp(PD20, R3), cmt="V|PDTV|DPE, pdtp PD20 at 0x420000")
    t.mem(R3 + 7 * 8, pte(0x421, V), "root PDI[2] = 7 -> 0x421000")
    t.mem(0x421000 + 0x1ff * 8, pte(0x422, V), "middle PDI[1] = 0x1ff -> 0x422000")
    pc(t, 0x422000 + 0xff * 16, ta(0xfffff, V | ENS | SUM), 0, "pid 0xfffff: V|ENS|SUM, PSCID 0xfffff, fsc Bare")
    t.mem(R3 + 0 * 8, pte(0x423, V), "root PDI[2] = 0 -> 0x423000")
    t.mem(0x423000, pte(0x424, V), "middle PDI[1] = 0 -> 0x424000")
    pc(t, 0x424000, ta(0x31, V), SV39, "pid 0: V, ENS = 0, PSCID 0x31, Sv39")
    # devices 4 - 8
    dcx(t, 4, V | DPE, fsc=SV39, cmt="tc.DPE with PDTV = 0: misconfigured")
    dcx(t, 5, V, fsc=SV39, msiptp=(1 << 60) | 0x500, cmt="msiptp.MODE Flat with iohgatp Bare: misconfigured")
    dcx(t, 6, V, fsc=SV39, dw7=0x8000, cmt="reserved doubleword 7 non-zero: misconfigured")
    dcx(t, 7, V | PDTV, fsc=pdtp(4, 0x400000), cmt="pdtp.MODE 4 (reserved): misconfigured")
    dcx(t, 8, V, ta_=ta(0x81, 0), fsc=SV39, msiptp=0xfffffffffff, mask=0xabcdef12345, pattern=0x123456789ab,
        cmt="PDTV = 0, Sv39, msiptp Off with PPN, mask and pattern set below bit 44 (unused, legal)")
    t.blank()
    fq_on(t)
    t.ddtp_1lvl()

    slot = [0]

    def fault(tag, cause, did, ttyp, iova, pid=None, priv=0, why=""):
        t.fault(tag, cause, ttyp=ttyp, did=did, iova=iova, slot=slot[0], pid=pid, priv=priv, why=why)
        slot[0] += 1

    t.c("-- device 1 (PD8, DPE = 0)")
    t.dma(0, 1, "read", 0x1008, pid=5, priv="u")
    t.ok(0, 0x80001008, "User, U = 1 page, PC pid 5 Sv39")
    t.dma(1, 1, "read", 0x1010, pid=5, priv="s")
    t.ok(1, 0x80001010, "Supervisor with ENS = 1, SUM = 1: U = 1 page readable")
    t.dma(2, 1, "exec", 0x3000, pid=5, priv="s")
    fault(2, 12, 1, "exec", 0x3000, pid=5, priv=1, why="Supervisor execute of a U = 1 page, whatever SUM")
    t.dma(3, 1, "read", 0x2000, pid=5, priv="u")
    fault(3, 13, 1, "read", 0x2000, pid=5, why="User request, U = 0 page")
    t.dma(4, 1, "write", 0x2ff8, pid=5, priv="s")
    t.ok(4, 0x80002ff8, "Supervisor write to a U = 0 RW page")
    t.dma(5, 1, "read", 0x1000, pid=6, priv="s")
    fault(5, 260, 1, "read", 0x1000, pid=6, priv=1, why="Supervisor request, PC.ta.ENS = 0")
    t.dma(6, 1, "read", 0x1000, pid=6, priv="u")
    t.ok(6, 0x80001000, "the same PC, User")
    t.dma(7, 1, "read", 0x1000, pid=7, priv="s")
    fault(7, 13, 1, "read", 0x1000, pid=7, priv=1, why="Supervisor, ENS = 1, SUM = 0, U = 1 page")
    t.dma(8, 1, "read", 0x1000, pid=8, priv="u")
    fault(8, 266, 1, "read", 0x1000, pid=8, why="PC.ta.V = 0")
    t.dma(9, 1, "read", 0x1000, pid=9, priv="u")
    fault(9, 267, 1, "read", 0x1000, pid=9, why="reserved ta bit")
    t.dma(10, 1, "write", 0x1000, pid=10, priv="u")
    fault(10, 267, 1, "write", 0x1000, pid=10, why="fsc.MODE reserved")
    t.dma(11, 1, "read", 0x1000, pid=11, priv="u")
    fault(11, 265, 1, "read", 0x1000, pid=11, why="access fault reading the PC's fsc")
    t.dma(12, 1, "read", 0x1000, pid=12, priv="u")
    fault(12, 269, 1, "read", 0x1000, pid=12, why="data corruption reading the PC's ta")
    t.dma(13, 1, "read", 0x1000, pid=0x100, priv="u")
    fault(13, 260, 1, "read", 0x1000, pid=0x100, why="process_id wider than PD8's 8 bits")
    t.dma(14, 1, "write", 0x1234, cmt="no process_id, DPE = 0")
    t.ok(14, 0x1234, "first stage Bare: pa = IOVA")
    t.dma(15, 1, "read", 0x1000, pid=13, priv="u")
    fault(15, 266, 1, "read", 0x1000, pid=13, why="PC of pid 13 never written (zero: V = 0)")

    t.c("-- device 2 (PD17, DPE = 1)")
    t.dma(16, 2, "write", 0x1ff0, pid=0x102, priv="u")
    t.ok(16, 0x80001ff0, "pid 0x102 through root entry 1 and its leaf")
    t.dma(17, 2, "read", 0x1000, cmt="no process_id, DPE = 1: process 0")
    fault(17, 267, 2, "read", 0x1000, why="process 0's root entry has reserved bit 9")
    t.dma(18, 2, "read", 0x1000, pid=0x20000, priv="u")
    fault(18, 260, 2, "read", 0x1000, pid=0x20000, why="process_id wider than PD17's 17 bits")
    t.dma(19, 2, "read", 0x1000, pid=0x1ff02, priv="u")
    fault(19, 266, 2, "read", 0x1000, pid=0x1ff02, why="root entry 0x1ff is zero: V = 0")
    t.dma(20, 2, "read", 0x1000, pid=0x300, priv="s")
    fault(20, 265, 2, "read", 0x1000, pid=0x300, priv=1, why="root entry 3 in memory that answers with an access fault")

    t.c("-- device 3 (PD20, DPE = 1)")
    t.dma(21, 3, "exec", 0x5678, pid=0xfffff, priv="s")
    t.ok(21, 0x5678, "pid 0xfffff, fsc Bare: pa = IOVA (ENS = 1)")
    t.dma(22, 3, "read", 0x1000, cmt="no process_id, DPE = 1: process 0")
    t.ok(22, 0x80001000, "process 0, Sv39, User")
    t.dma(23, 3, "read", 0x1000, pid=0x20000, priv="u")
    fault(23, 266, 3, "read", 0x1000, pid=0x20000, why="root entry PDI[2] = 1 is zero")
    t.dma(24, 3, "read", 0x1000, pid=0, priv="s")
    fault(24, 260, 3, "read", 0x1000, pid=0, priv=1, why="process 0 with a process_id, Supervisor, ENS = 0")

    t.c("-- devices 4 - 8, 0x40")
    for tag, did in ((25, 4), (26, 5), (27, 6), (28, 7)):
        t.dma(tag, did, "read", 0x1000)
        fault(tag, 259, did, "read", 0x1000, why="DC misconfigured")
    t.dma(29, 8, "read", 0x1000)
    t.ok(29, 0x80001000, "PDTV = 0, Sv39; the MSI fields are unused with msiptp Off")
    t.dma(30, 8, "read", 0x1000, pid=1, priv="u")
    fault(30, 260, 8, "read", 0x1000, pid=1, why="a process_id with PDTV = 0")
    t.dma(31, 0x40, "read", 0x1000)
    fault(31, 260, 0x40, "read", 0x1000, why="device_id[23:6] != 0 with an extended 1LVL directory")
    t.read("fqt", slot[0], "one record per fault")
    t.save(MAX_OUT)


if __name__ == "__main__":
    os.makedirs(MAX_OUT, exist_ok=True)
    pdt_process()
