# Hand-written expectations for the directed tests (see regen.sh). Not a model of the IOMMU.
from lib import *
from tests1 import OUT

OFF_NOTE = """Fault source: ddtp stays Off (reset value), so every dma is "All inbound transactions disallowed" (256),
recorded as dw0 = 256 | TTYP<<34 | DID<<40, dw1 = 0, dw2 = IOVA, dw3 = 0. No tables are needed.
fqcsr bits: fqen 0, fie 1, fqmf 8 (0x100), fqof 9 (0x200), fqon 16 (0x10000), busy 17 (0x20000).
ipsr.fip is bit 1 (0x2). Fault queue at 0x300000 (fqb.PPN 0x300 in bits 53:10)."""


# ---------------------------------------------------------------- fq_overflow
def fq_overflow():
    t = T("fq_overflow", """
fq_overflow: a 2-entry fault queue (fqb.LOG2SZ-1 = 0). The queue is full when fqt == fqh - 1 (mod 2),
so with fqh = 0 one record fits; the next fault sets fqof and is discarded, and while fqof is 1 every
later fault is discarded too. A software clear of ipsr.fip while fqof=1 and fie=1 leaves fip at 1
(the condition is still present: no wire change). After fqof is cleared (RW1C) and fqh is advanced,
the next record is written at slot 1 and fqt wraps to 0; a later overflow with fip=0 raises the wire
again with no record. fqh write is masked to bits LOG2SZ-1:0 (docs/microarch.md 3).
Spec: iommu_registers.adoc fqcsr (fqof), fqh, ipsr ("If the conditions to set that bit are still present
... that bit transitions again from 0->1"); iommu_in_memory_queues.adoc "Fault/Event-Queue" (full
condition, "discards the record that led to the fault and all further fault records");
docs/microarch.md 4.2, 4.3, 5.1 StFault.
""")
    t.c(OFF_NOTE)
    t.blank()
    t.fq_setup(log2sz=1)
    t.blank()
    t.dma(1, 1, "read", 0x1000)
    t.fault(1, 256, "read", 1, 0x1000, slot=0, irq=0, why="fqt 0 -> 1")
    t.dma(2, 1, "write", 0x2000, cmt="(fqt+1) mod 2 = 0 = fqh: full")
    t.fault(2, 256, why="queue full: fqof=1, record discarded; fip already 1")
    t.read("fqt", 1)
    t.read("fqcsr", 0x10203, "fqon | fqof | fie | fqen")
    t.read("ipsr", 0x2)
    t.write("ipsr", 0x2, "W1C fip, but fqof=1 and fie=1: fip stays 1, no wire change")
    t.read("ipsr", 0x2)
    t.write("fqh", 0x3, "only bit 0 (LOG2SZ-1:0) writable: fqh = 1")
    t.read("fqh", 0x1)
    t.dma(3, 1, "exec", 0x3000, cmt="queue no longer full but fqof=1")
    t.fault(3, 256, why="fqof=1: discarded")
    t.write("fqcsr", 0x203, "W1C fqof (bit 9), keep fqen|fie")
    t.poll("fqcsr", 0x30200, 0x10000, 0x10003, "fqon=1, busy=0, fqof=0")
    t.read("ipsr", 0x2, "fip is not cleared by clearing fqof")
    t.write("ipsr", 0x2, "now fip clears: wire 0 falls")
    t.irq(0, 0)
    t.read("ipsr", 0x0)
    t.dma(4, 2, "read", 0x4000, cmt="fqt=1, fqh=1: (1+1) mod 2 = 0 != 1, not full")
    t.fault(4, 256, "read", 2, 0x4000, slot=1, irq=0, why="record at slot 1, fqt wraps to 0")
    t.read("fqt", 0x0)
    t.dma(5, 2, "read", 0x5000, cmt="fqt=0, fqh=1: (0+1) mod 2 = 1 = fqh: full")
    t.fault(5, 256, why="fqof=1, discarded; fip already 1")
    t.read("fqcsr", 0x10203)
    t.write("fqcsr", 0x203, "clear fqof")
    t.poll("fqcsr", 0x30200, 0x10000, 0x10003)
    t.write("ipsr", 0x2, "fip 1 -> 0 (fqof is 0 now)")
    t.irq(0, 0)
    t.dma(6, 3, "write", 0x6000, cmt="still full (fqt=0, fqh=1)")
    t.fault(6, 256, irq=0, why="fqof=1 with fie=1: fip 0 -> 1, no record")
    t.read("fqcsr", 0x10203)
    t.read("ipsr", 0x2)
    t.read("fqt", 0x0)
    t.save(OUT)


# ---------------------------------------------------------------- fq_memfault
def fq_memfault():
    t = T("fq_memfault", """
fq_memfault: an error on a fault-record write. The record doublewords are written in order dw0..dw3; when
one write returns an error the IOMMU stops, discards the record (fqt unchanged), sets fqcsr.fqmf, and
(fie=1) sets ipsr.fip. While fqmf=1 later records are discarded with no memory write. A fip clear while
fqmf=1 leaves fip at 1. After fqmf is cleared (RW1C), recording resumes at the same fqt.
A data-corruption error on the queue write is treated the same (docs/microarch.md 5.1 StFqWait: "any
error -> fqmf").
Spec: iommu_registers.adoc fqcsr.fqmf ("The fault-record that was attempted to be written is discarded
and no more fault records are generated until software clears the fqmf bit"), ipsr;
iommu_in_memory_queues.adoc "Fault/Event-Queue"; docs/microarch.md 4.3, 5.1 StFqReq/StFqWait.
""")
    t.c(OFF_NOTE)
    t.blank()
    t.memerr(0x300028, "access", "slot 1, doubleword 1 (0x300000 + 1*32 + 8)")
    t.fq_setup(log2sz=3)
    t.blank()
    t.dma(1, 1, "read", 0x1000)
    t.fault(1, 256, "read", 1, 0x1000, slot=0, irq=0)
    t.write("ipsr", 0x2, "clear fip: wire 0 falls")
    t.irq(0, 0)
    t.dma(2, 1, "write", 0x2000, cmt="slot 1: dw0 written, dw1 write fails")
    t.fault(2, 256, "write", 1, 0x2000, slot=1, fail_k=1, irq=0,
            why="dw1 write returns access: fqmf=1, record discarded, fqt stays 1, fip 0 -> 1")
    t.dma(3, 1, "exec", 0x3000)
    t.fault(3, 256, why="fqmf=1: discarded, no write")
    t.read("fqt", 1)
    t.read("fqcsr", 0x10103, "fqon | fqmf | fie | fqen")
    t.read("ipsr", 0x2)
    t.write("ipsr", 0x2, "fqmf still 1 and fie=1: fip stays 1")
    t.read("ipsr", 0x2)
    t.memerr(0x300028, "ok")
    t.write("fqcsr", 0x103, "W1C fqmf (bit 8), keep fqen|fie")
    t.poll("fqcsr", 0x30100, 0x10000, 0x10003)
    t.write("ipsr", 0x2)
    t.irq(0, 0)
    t.read("ipsr", 0x0)
    t.dma(4, 2, "read", 0x4000)
    t.fault(4, 256, "read", 2, 0x4000, slot=1, irq=0, why="written at slot 1 again, fqt -> 2")
    t.read("fqt", 2)
    t.blank()
    t.memerr(0x300040, "corrupt", "slot 2, doubleword 0")
    t.write("ipsr", 0x2)
    t.irq(0, 0)
    t.dma(5, 3, "write", 0x5000, cmt="slot 2: the first write fails with data corruption")
    t.fault(5, 256, "write", 3, 0x5000, slot=2, fail_k=0, fail_kind="corrupt", irq=0,
            why="dw0 write returns corrupt: fqmf=1, fip 0 -> 1")
    t.read("fqcsr", 0x10103)
    t.read("fqt", 2)
    t.save(OUT)


# ---------------------------------------------------------------- fq_disabled
def fq_disabled():
    t = T("fq_disabled", """
fq_disabled: no record while the fault queue is off (fqon=0), fie=0 gives records but no interrupt,
setting fie later does not by itself set fip for records already in the queue (fip is set by "a new
record", fqof or fqmf), disabling the queue (fqen=0) stops recording and keeps fqt, and re-enabling it
(fqen 0 -> 1) resets fqt to 0.
Spec: iommu_registers.adoc fqcsr (fqen: "Changing fqen from 0 to 1 sets the fqt register and the fqcsr
bits fqof and fqmf to 0"; fqon; busy), ipsr.fip conditions; docs/microarch.md 4.2, 4.3, 5.1 StFault.
""")
    t.c(OFF_NOTE)
    t.blank()
    t.dma(1, 1, "read", 0x1000, cmt="fault queue never enabled")
    t.fault(1, 256, why="fqon=0: not recorded")
    t.read("fqt", 0)
    t.read("fqcsr", 0)
    t.read("ipsr", 0)
    t.write("fqb", fqb(3), "PPN 0x300 << 10 | LOG2SZ-1 = 2 (8 entries)")
    t.write("fqcsr", 0x1, "fqen only, fie=0")
    t.poll("fqcsr", 0x30000, 0x10000, 0x10001, "fqon | fqen")
    t.dma(2, 1, "write", 0x2000)
    t.fault(2, 256, "write", 1, 0x2000, slot=0, why="recorded; fie=0 so fip stays 0")
    t.read("ipsr", 0)
    t.read("fqt", 1)
    t.write("fqcsr", 0x3, "set fie (fqen stays 1: no fqt reset)")
    t.poll("fqcsr", 0x20000, 0x0, 0x10003)
    t.read("ipsr", 0, "no new record, no fqof/fqmf: fip stays 0")
    t.read("fqt", 1)
    t.dma(3, 1, "exec", 0x3000)
    t.fault(3, 256, "exec", 1, 0x3000, slot=1, irq=0)
    t.read("ipsr", 2)
    t.write("fqcsr", 0x2, "fqen=0, fie=1")
    t.poll("fqcsr", 0x30000, 0x0, 0x2, "fqon=0, busy=0")
    t.dma(4, 2, "read", 0x4000)
    t.fault(4, 256, why="fqon=0: not recorded")
    t.read("fqt", 2, "fqt kept while the queue is off")
    t.read("ipsr", 2)
    t.write("fqcsr", 0x3, "fqen 0 -> 1: fqt reset to 0")
    t.poll("fqcsr", 0x30000, 0x10000, 0x10003)
    t.read("fqt", 0)
    t.dma(5, 2, "read", 0x5000)
    t.fault(5, 256, "read", 2, 0x5000, slot=0, why="slot 0 again; fip already 1")
    t.read("fqt", 1)
    t.save(OUT)


# ---------------------------------------------------------------- irq_vector
def irq_vector():
    t = T("irq_vector", """
irq_vector: icvec.fiv (bits 7:4) selects the wire driven by ipsr.fip (fctl.WSI=1). icvec is changed only
while fip=0, so exactly one wire changes at a time. icvec: the four 4-bit fields civ 3:0, fiv 7:4,
pmiv 11:8, piv 15:12 are writable, other bits read 0 (docs/microarch.md 3).
Spec: iommu_registers.adoc icvec, ipsr ("When fctl.WSI is 1, the interrupt-pending bit drives the wire
selected by the corresponding icvec field"); docs/microarch.md 4.3.
""")
    t.c(OFF_NOTE)
    t.blank()
    t.fq_setup(log2sz=3, icvec=0x50)
    t.read("icvec", 0x50, "fiv = 5")
    t.dma(1, 1, "read", 0x1000)
    t.fault(1, 256, "read", 1, 0x1000, slot=0, irq=5)
    t.write("ipsr", 0x2)
    t.irq(5, 0)
    t.write("icvec", 0xa0, "fiv = 10")
    t.dma(2, 1, "read", 0x2000)
    t.fault(2, 256, "read", 1, 0x2000, slot=1, irq=10)
    t.write("ipsr", 0x2)
    t.irq(10, 0)
    t.write("icvec", 0xffffffffffffffff)
    t.read("icvec", 0xffff, "bits 15:0 only; fiv = 15")
    t.dma(3, 1, "read", 0x3000)
    t.fault(3, 256, "read", 1, 0x3000, slot=2, irq=15)
    t.read("ipsr", 0x2)
    t.write("ipsr", 0x2)
    t.irq(15, 0)
    t.write("icvec", 0xf0f, "civ = 15, fiv = 0, pmiv = 15")
    t.read("icvec", 0xf0f)
    t.dma(4, 1, "read", 0x4000)
    t.fault(4, 256, "read", 1, 0x4000, slot=3, irq=0)
    t.read("ipsr", 0x2)
    t.save(OUT)


# ---------------------------------------------------------------- reg_values
def reg_values():
    t = T("reg_values", """
reg_values: reset values and WARL/RO behaviour of the implemented registers (docs/microarch.md 3).
capabilities = version 0x10 (7:0) | Sv39, Sv48, Sv57 (bits 9, 10, 11; version 5) | AMO_HWAD (bit 24; version 6)
| IGS=BOTH=2 (29:28; version 3) | PAS=56 (37:32) = 0x10 | 0xe00 | 0x1000000 | 0x20000000 | 0x38_00000000
= 0x3821000e10.
fctl resets to 0 (WSI = 0: MSIs); WSI (bit 1) is writable, BE (bit 0) and GXL (bit 2) read 0. msi_cfg_tbl:
msi_addr_x bits 55:2 writable, msi_data_x 32 bits, msi_vec_ctl_x bit 0 (M); reset 0. ddtp: writes with iommu_mode not in {Off, Bare, 1LVL,
2LVL, 3LVL} (version 4) are ignored; bits 9:5 and 63:54 read 0; PPN is bits 53:10; a 4-byte write updates that half only.
fqb: LOG2SZ-1 (4:0) and PPN (53:10) writable; fqh writable only in bits LOG2SZ-1:0, and a write to fqb
clears the fqh bits at and above LOG2SZ; fqt read-only. fqcsr/ipsr/icvec as documented. cqb: LOG2SZ-1 and
PPN writable (version 2 has the command queue). Unimplemented registers (pq*, HPM, debug) read 0 and ignore
writes.
Spec: iommu_registers.adoc "Register layout", capabilities, fctl, ddtp, cqb, fqb, fqh, fqt, fqcsr, ipsr, icvec,
msi_cfg_tbl.
""", wsi=False)
    t.read("capabilities", 0x3821000e10)
    t.read("fctl", 0x0)
    for r in ["ddtp", "fqb", "fqh", "fqt", "fqcsr", "ipsr", "icvec", "cqb", "cqcsr", "pqcsr", "iohpmcycles",
              "tr_req_iova"]:
        t.read(r, 0)
    t.write("capabilities", 0, "read-only")
    t.read("capabilities", 0x3821000e10)
    t.write("fctl", 0x5, "BE/GXL read-only 0, WSI = 0 written")
    t.read("fctl", 0x0)
    t.write("fctl", 0xffffffff, "WSI = 1; BE/GXL read-only 0")
    t.read("fctl", 0x2)
    t.write("fctl", 0x0, "back to MSIs")
    t.read("fctl", 0x0)
    for r in ["msi_addr_0", "msi_data_0", "msi_vec_ctl_0", "msi_addr_15", "msi_data_15", "msi_vec_ctl_15"]:
        t.read(r, 0)
    t.write("msi_addr_7", 0xffffffffffffffff)
    t.read("msi_addr_7", 0x00fffffffffffffc, "bits 55:2; 1:0 and 63:56 read 0")
    t.write("msi_data_7", 0xffffffff)
    t.read("msi_data_7", 0xffffffff)
    t.write("msi_vec_ctl_7", 0xffffffff)
    t.read("msi_vec_ctl_7", 0x1, "M only")
    t.write("msi_vec_ctl_7", 0x0)
    t.write("cqb", 0x12345c00, "PPN 0x48d17, LOG2SZ-1 = 0")
    t.read("cqb", 0x12345c00)
    t.write("cqb", 0x0, "back to reset value")
    t.write("pqb", 0x12345c00, "unimplemented: ignored")
    t.read("pqb", 0)
    t.blank()
    t.write("ddtp", 0x40005, "iommu_mode 5 (reserved) not supported: write ignored entirely")
    t.read("ddtp", 0)
    t.write("ddtp", 0x40006, "reserved mode 6: ignored")
    t.write("ddtp", 0xf, "custom mode 15: ignored")
    t.read("ddtp", 0)
    t.write("ddtp", 0xffffffffffffffe2, "1LVL with every other bit set")
    t.poll("ddtp", 0x10, 0x0, 0x003ffffffffffc02, "PPN = 44 ones in 53:10 (0x3ffffffffffc00) | mode 2; 9:5, 63:54 read 0")
    t.write("ddtp", 0x003ffffffffffc00, "Off, same PPN")
    t.poll("ddtp", 0x10, 0x0, 0x003ffffffffffc00)
    t.write("ddtp", 0x401, "4-byte write of the low half: mode Bare (1), PPN[21:0] = 1", size=4)
    t.poll("ddtp", 0x10, 0x0, 0x003fffff00000401, "high half 0x003fffff kept")
    t.write("20", 0x0, "4-byte write of the high half (offset 16+4): PPN[43:22] = 0, mode stays Bare", size=4)
    t.poll("ddtp", 0x10, 0x0, 0x401)
    t.write("ddtp", 0x400, "Off")
    t.poll("ddtp", 0x10, 0x0, 0x400)
    t.blank()
    t.write("fqb", 0xffffffffffffffff)
    t.read("fqb", 0x003ffffffffffc1f, "PPN 53:10 | LOG2SZ-1 = 31 in 4:0")
    t.write("fqh", 0xffffffff, "LOG2SZ = 32: all 32 bits writable")
    t.read("fqh", 0xffffffff)
    t.write("fqb", fqb(3), "LOG2SZ = 3: clears fqh bits 31:3")
    t.read("fqb", 0xc0002)
    t.read("fqh", 0x7)
    t.write("fqh", 0x1d, "masked to bits 2:0")
    t.read("fqh", 0x5)
    t.write("fqt", 0x3, "read-only")
    t.read("fqt", 0)
    t.write("fqcsr", 0x302, "fie=1, fqen=0; W1C fqmf/fqof (already 0)")
    t.poll("fqcsr", 0x20000, 0x0, 0x2, "busy clears, fqon stays 0")
    t.write("fqcsr", 0x0)
    t.poll("fqcsr", 0x20000, 0x0, 0x0)
    t.write("ipsr", 0xffffffff, "W1C, nothing pending")
    t.read("ipsr", 0)
    t.write("icvec", 0xffffffffffffffff)
    t.read("icvec", 0xffff, "four 4-bit vector fields, other bits 0")
    t.write("icvec", 0x1234)
    t.read("icvec", 0x1234)
    t.save(OUT)


if __name__ == "__main__":
    fq_overflow()
    fq_memfault()
    fq_disabled()
    irq_vector()
    reg_values()
