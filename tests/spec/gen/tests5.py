# Hand-written expectations: the gaps docs/verification-plan.md found. Data corruption on every queue write
# and fetch, page requests that cannot locate a device context, record fields PV/PID/PRIV on walk access
# faults and on an instruction guest-page fault.
from lib import *
from tests3 import HG, two_stage_layout
from tests4 import atscmd, cq_on, iodir, iofence, iotinval, put


def queue_mem_errors():
    t = T("queue_mem_errors", """
queue_mem_errors: a data corruption (and an access fault) on every kind of IOMMU-initiated queue access:
fault-record write (fqmf), command fetch and IOFENCE.C write (cqmf), page-request record write (pqmf), and the
MSI of an IOMMU interrupt (cause 273, TTYP 0, iotval = msi_addr). A write answered with data corruption is
treated like a write answered with an access fault (docs/decisions.md): the write did not happen.
While fqmf is 1 every further record is discarded; W1C fqmf resumes at the same fqt.
Faults come from ddtp Off (cause 256, TTYP of the request, DID, iotval = IOVA; PV=0) until the DDT is set up.
Spec: iommu_in_memory_queues.adoc "Fault/Event-Queue" (fqmf, discard rule), "Command-Queue (CQ)";
iommu_registers.adoc fqcsr (fqmf), cqcsr (cqmf: "fetch a command or a memory access made by a command"),
pqcsr (pqmf), ipsr (fip), "MSI configuration table" (cause 273); iommu_data_structures.adoc "PCIe ATS Page
Request handling" (pqmf -> Response Failure); iommu_hw_guidelines.adoc "Reliability, Availability, and
Serviceability" (poisoned data on IOMMU accesses).
""")
    t.c("--- fault-queue record writes")
    t.fq_on()
    t.dma(1, 1, "read", 0x1000)
    t.fault_rec(1, 256, 0, "read", 1, 0x1000, why="ddtp Off")
    t.memerr(FQ + 32 * 1 + 0, "corrupt", "FQ slot 1 dw0: data corruption")
    t.dma(2, 2, "write", 0x2008)
    t.note("fault cause 256; the record's first doubleword write returns data corruption: fqmf=1, record discarded")
    t.record(1, 256, "write", 2, 0x2008, fail_k=0, fail_kind="corrupt")
    t.fault(2, 256)
    t.dma(3, 3, "read", 0x3000)
    t.fault(3, 256, "fqmf=1: record discarded, no write at all")
    t.read("fqcsr", 0x10101, "fqon | fqmf | fqen")
    t.read("fqt", 1, "not advanced")
    t.memerr(FQ + 32 * 1 + 0, "ok")
    t.memerr(FQ + 32 * 1 + 16, "access", "FQ slot 1 dw2: access fault")
    t.write("fqcsr", 0x101, "W1C fqmf, keep fqen")
    t.poll("fqcsr", 0x30100, 0x10000, 0x10001)
    t.dma(4, 4, "exec", 0x4000)
    t.note("fault cause 256; dw0 and dw1 written, dw2 faults: fqmf=1 again")
    t.record(1, 256, "exec", 4, 0x4000, fail_k=2, fail_kind="access")
    t.fault(4, 256)
    t.memerr(FQ + 32 * 1 + 16, "ok")
    t.write("fqcsr", 0x101, "W1C fqmf")
    t.poll("fqcsr", 0x30100, 0x10000, 0x10001)
    t.dma(5, 5, "read", 0x5000)
    t.fault_rec(5, 256, 1, "read", 5, 0x5000, why="slot 1 written in full now")
    t.read("fqt", 2)
    t.blank()
    t.c("--- command fetch and IOFENCE.C write")
    cq_on(t)
    put(t, 0, iofence(av=1, data=0x11, addr=0x480000), "IOFENCE.C AV=1 DATA 0x11 ADDR 0x480000")
    t.memerr(CQ + 8, "corrupt", "CQ[0] dw1: data corruption on the command fetch")
    t.write("cqt", 1)
    t.poll("cqcsr", 0x20100, 0x100, 0x10101, "cqmf=1, nothing executed")
    t.read("cqh", 0, "cqh at the command that failed")
    t.memerr(CQ + 8, "ok")
    t.write("cqcsr", 0x101, "W1C cqmf: re-fetch CQ[0]")
    t.memwr4(0x480000, 0x11, why="IOFENCE.C completes")
    t.poll("cqh", 0xffffffff, 1, 1)
    t.memerr(0x480008, "corrupt", "fence target: data corruption")
    put(t, 1, iofence(av=1, data=0x22, addr=0x480008), "IOFENCE.C AV=1 DATA 0x22 ADDR 0x480008")
    t.write("cqt", 2)
    t.memwr4(0x480008, 0x22, "corrupt", "the completion write fails: cqmf=1, cqh stays 1")
    t.poll("cqcsr", 0x20100, 0x100, 0x10101)
    t.read("cqh", 1)
    t.memerr(0x480008, "ok")
    t.write("cqcsr", 0x101, "W1C cqmf: IOFENCE.C re-executed")
    t.memwr4(0x480008, 0x22)
    t.poll("cqh", 0xffffffff, 2, 2)
    t.blank()
    t.c("--- page-request record write")
    t.dc(1, TC_V | TC_EN_ATS | TC_EN_PRI, cmt="EN_ATS | EN_PRI, PRPR=0")
    t.ddtp(2)
    t.write("pqb", (0x500 << 10) | 1, "PQ at 0x500000, LOG2SZ-1=1 (4 entries)")
    t.write("pqcsr", 0x1, "pqen, pie=0")
    t.poll("pqcsr", 0x30000, 0x10000, 0x10001)
    t.memerr(PQ, "corrupt", "PQ slot 0 dw0: data corruption")
    t.cmd("pgreq did=1 addr=0x7000 pid=4 r=1 last=1 prgi=5")
    t.memwr8(PQ, 4 << 12 | 1 << 32 | 1 << 40, "corrupt", "dw0 = PID 4 | PV | DID 1: pqmf=1, message discarded")
    t.msg_prgr(1, 5 << 32 | 0xf << 44, pid=4, why="Response Failure: carries the PASID")
    t.cmd("pgreq did=1 addr=0x8000 r=1 last=1 prgi=6", "pqmf=1: discarded")
    t.msg_prgr(1, 6 << 32 | 0xf << 44, why="Response Failure, no PASID")
    t.read("pqcsr", 0x10101, "pqon | pqmf | pqen")
    t.read("pqt", 0)
    t.blank()
    t.c("--- MSI of the fault interrupt (fctl.WSI=0 at reset, IGS=BOTH)")
    t.write("icvec", 0x70, "fiv=7")
    t.write("880", 0xa0007000, "msi_addr_7 (768 + 16*7)", size=8)
    t.write("888", 0x77, "msi_data_7", size=4)
    t.write("892", 0x0, "msi_vec_ctl_7: M=0", size=4)
    t.write("fqcsr", 0x3, "fqen | fie")
    t.poll("fqcsr", 0x30000, 0x10000, 0x10003)
    t.memerr(0xa0007000, "corrupt", "MSI target: data corruption")
    t.dma(6, 9, "read", 0x6000, cmt="device 9 has no DC (tc.V=0)")
    t.record(2, 258, "read", 9, 0x6000)
    t.memwr4(0xa0007000, 0x77, "corrupt", "fip 0->1: the MSI write fails")
    t.record(3, 273, "none", 0, 0xa0007000)
    t.fault(6, 258)
    t.read("ipsr", 0x2, "fip")
    t.read("fqt", 4)
    t.save()


def pgreq_faults():
    t = T("pgreq_faults", """
pgreq_faults: "Page Request" messages whose device context cannot be located or does not allow PRI. Each
fault is recorded with TTYP 9 (PCIe Message Request), iotval = the message code of "Page Request" (0x04),
DID, and PV/PID/PRIV from the message (PRIV=1 for a supervisor request); iotval2 = 0. A request with L=1 then
gets an IOMMU-generated Page Request Group Response: Response Failure (code 0xf, with the PASID when the
request had one) for Off (256), DDT entry load access fault (257), not valid (258), misconfigured (259);
Invalid Request (code 1, PASID only if PRPR=1, which is assumed 0 without a valid DC) for Bare (260),
EN_PRI=0 (260) and a device_id wider than the mode (260). A DDT data corruption (268) is not in either list:
it is answered with Response Failure like the other faults that prevent locating the DC
(docs/decisions.md). DTF=1 suppresses the 260 record but not the response. L=0 requests are discarded
silently, but their fault is still recorded.
Two-level DDT (2LVL) with extended DCs: DDI[1] = did[14:6] indexes the root at 0x100000, DDI[0] = did[5:0].
Spec: iommu_data_structures.adoc "PCIe ATS Page Request handling", "Process to locate the Device-context",
"Device-context configuration checks" (EN_ATS=0 with EN_PRI=1); iommu_in_memory_queues.adoc
"Fault/Event-Queue" (TTYP 9, iotval = message code, PV/PID/PRIV).
""")
    t.mem(0x100000 + 0 * 8, (0x101 << 10) | 1, "root[0] -> leaf 0x101000 (devices 0-63)")
    t.mem(0x100000 + 1 * 8, 0, "root[1]: V=0 (devices 64-127)")
    t.memerr(0x100000 + 2 * 8, "access", "root[2] (devices 128-191): access fault")
    t.memerr(0x100000 + 3 * 8, "corrupt", "root[3] (devices 192-255): data corruption")
    t.dc(1, TC_V | TC_EN_ATS | TC_EN_PRI, leaf=0x101000, cmt="EN_ATS | EN_PRI")
    t.dc(2, TC_V | TC_EN_PRI, leaf=0x101000, cmt="EN_PRI without EN_ATS: misconfigured")
    t.dc(3, TC_V | TC_EN_ATS, leaf=0x101000, cmt="EN_PRI=0")
    t.dc(4, TC_V | TC_EN_ATS | TC_DTF, leaf=0x101000, cmt="EN_PRI=0, DTF=1")
    t.blank()
    t.fq_on()
    t.write("pqb", (0x500 << 10) | 3, "PQ at 0x500000, 16 entries")
    t.write("pqcsr", 0x1, "pqen, pie=0")
    t.poll("pqcsr", 0x30000, 0x10000, 0x10001)
    t.blank()
    t.c("ddtp Off (reset)")
    t.cmd("pgreq did=1 addr=0x1000 pid=3 priv=s r=1 last=1 prgi=1")
    t.record(0, 256, "msg", 1, 0x4, pid=3, priv=1)
    t.msg_prgr(1, 1 << 32 | 0xf << 44, pid=3, why="Response Failure with the PASID")
    t.ddtp(1, "PPN 0x100 | iommu_mode Bare (1)")
    t.cmd("pgreq did=1 addr=0x1000 pid=3 r=1 last=1 prgi=2")
    t.record(1, 260, "msg", 1, 0x4, pid=3)
    t.msg_prgr(1, 2 << 32 | 1 << 44, why="Invalid Request; PRPR assumed 0: no PASID")
    t.ddtp(0, "Off")
    t.ddtp(3, "PPN 0x100 | iommu_mode 2LVL (3)")
    t.cmd("pgreq did=1 addr=0x1000 pid=3 r=1 last=1 prgi=3", "DC of did 1 fine")
    t.memwr8(PQ, 3 << 12 | 1 << 32 | 1 << 40, why="PQ record dw0: PID 3 | PV | DID 1")
    t.memwr8(PQ + 8, 1 | 1 << 2 | 3 << 3 | 0x1000, why="dw1: R | L | PRGI 3 | address 0x1000")
    t.cmd("pgreq did=0x45 addr=0x2000 r=1 last=1 prgi=4", "did 0x45: DDI[1]=1, root[1] V=0")
    t.record(2, 258, "msg", 0x45, 0x4)
    t.msg_prgr(0x45, 4 << 32 | 0xf << 44, why="Response Failure")
    t.cmd("pgreq did=0x85 addr=0x2000 pid=0x12345 priv=s w=1 last=1 prgi=5", "did 0x85: DDI[1]=2, access fault")
    t.record(3, 257, "msg", 0x85, 0x4, pid=0x12345, priv=1)
    t.msg_prgr(0x85, 5 << 32 | 0xf << 44, pid=0x12345)
    t.cmd("pgreq did=0xc5 addr=0x2000 r=1 last=1 prgi=6", "did 0xc5: DDI[1]=3, data corruption")
    t.record(4, 268, "msg", 0xc5, 0x4)
    t.msg_prgr(0xc5, 6 << 32 | 0xf << 44)
    t.cmd("pgreq did=2 addr=0x3000 pid=8 r=1 last=1 prgi=7", "DC misconfigured")
    t.record(5, 259, "msg", 2, 0x4, pid=8)
    t.msg_prgr(2, 7 << 32 | 0xf << 44, pid=8)
    t.cmd("pgreq did=3 addr=0x3000 pid=8 r=1 last=0 prgi=8", "EN_PRI=0, L=0: record, no response")
    t.record(6, 260, "msg", 3, 0x4, pid=8)
    t.cmd("pgreq did=4 addr=0x3000 pid=8 r=1 last=1 prgi=9", "EN_PRI=0, DTF=1: no record")
    t.msg_prgr(4, 9 << 32 | 1 << 44, why="Invalid Request, PRPR=0")
    t.cmd("pgreq did=0x800000 addr=0x3000 r=1 last=1 prgi=10", "did bit 23: wider than 2LVL (did[23:15] must be 0)")
    t.record(7, 260, "msg", 0x800000, 0x4)
    t.msg_prgr(0x800000, 10 << 32 | 1 << 44, why="Invalid Request")
    t.read("fqt", 8)
    t.read("pqt", 1)
    t.save()


def pv_walk_faults():
    t = T("pv_walk_faults", """
pv_walk_faults: the record fields PV, PID and PRIV on faults of implicit accesses made for a request with a
process_id: first-stage PTE access fault for each access type (1 instruction, 5 read, 7 write access fault)
and PTE data corruption (274) at leaf and non-leaf level, from U and S requests; an instruction guest-page
fault (20) on the implicit read of a first-stage table under a second stage (iotval2 = GPA | 1, bit 1 = 0).
PV=1, PID = process_id, PRIV = 1 for a supervisor request; iotval = IOVA with its page offset.
Also: PDTV=1 with pdtp.MODE Bare gives a Bare first stage without locating a PC (so no ENS check).
Spec: iommu_in_memory_queues.adoc "Fault/Event-Queue" (record fields, iotval2 bits 0 and 1);
iommu_data_structures.adoc "Process to translate an IOVA" (steps 12-16), "Process to locate the
Process-context"; privileged spec Sv39 (access fault of the original access type on a PTE access that violates PMA/PMP).
""")
    t.c("Single stage: did 1, PD8 at 0x110000, PC of pid 5 (V | ENS, PSCID 5) -> Sv39 root 0x200000.")
    t.dc(1, TC_V | TC_PDTV, fsc=atp(1, 0x110), cmt="PDTV, pdtp PD8 PPN 0x110")
    t.mem(0x110000 + 5 * 16, V | 2 | (5 << 12), "PC pid 5 ta: V | ENS | PSCID 5")
    t.mem(0x110000 + 5 * 16 + 8, atp(8, 0x200), "PC pid 5 fsc: Sv39 root 0x200000")
    t.mem(0x200000 + 1 * 8, pte(0x201, V), "root[1] -> 0x201000")
    t.mem(0x201000, pte(0x202, V), "L1[0] -> L0 0x202000 (IOVA 0x40000000 + k*0x1000 -> L0[k])")
    t.mem(0x201008, pte(0x203, V), "L1[1] -> 0x203000 (IOVA 0x40200000..)")
    t.mem(0x202000, pte(0x80000, V | R | W | X | A | D), "L0[0]: PA 0x80000000, S page")
    t.memerr(0x202008, "access", "L0[1]: access fault")
    t.memerr(0x202010, "corrupt", "L0[2]: data corruption")
    t.memerr(0x203000, "corrupt", "0x203000 (L0 of IOVA 0x40200000): data corruption")
    t.memerr(0x201010, "access", "L1[2] (IOVA 0x40400000..): access fault")
    t.c("Two stage: did 5, second stage HG, PD8 at GPA 0x20000 (PA 0x40020000); PC of pid 2: V | ENS, Sv39 root GPA 0x10000.")
    two_stage_layout(t)
    t.dc(5, TC_V | TC_PDTV, iohgatp=HG, fsc=atp(1, 0x20), cmt="pdtp PD8, PPN = GPA 0x20000")
    t.mem(0x40020000 + 2 * 16, V | 2, "PC of pid 2 (PA 0x40020020): ta V | ENS")
    t.mem(0x40020000 + 2 * 16 + 8, atp(8, 0x10), "PC fsc Sv39, root GPA 0x10000")
    t.dc(6, TC_V | TC_PDTV, cmt="PDTV=1, pdtp.MODE Bare, iohgatp Bare")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "exec", 0x40000010, pid=5, priv="s")
    t.ok(1, 0x80000010, "S exec of an S page with X")
    t.dma(2, 1, "exec", 0x40001010, pid=5, priv="s")
    t.fault_rec(2, 1, 0, "exec", 1, 0x40001010, pid=5, priv=1, why="leaf PTE read: access fault, exec")
    t.dma(3, 1, "read", 0x40001020, pid=5, priv="u")
    t.fault_rec(3, 5, 1, "read", 1, 0x40001020, pid=5, priv=0, why="read access fault, U request: PRIV 0")
    t.dma(4, 1, "write", 0x40001030, pid=5, priv="s")
    t.fault_rec(4, 7, 2, "write", 1, 0x40001030, pid=5, priv=1, why="write/AMO access fault")
    t.dma(5, 1, "write", 0x40002040, pid=5, priv="u")
    t.fault_rec(5, 274, 3, "write", 1, 0x40002040, pid=5, priv=0, why="leaf PTE data corruption")
    t.dma(6, 1, "exec", 0x40200050, pid=5, priv="s")
    t.fault_rec(6, 274, 4, "exec", 1, 0x40200050, pid=5, priv=1, why="level-0 table read corrupt (via L1[1])")
    t.dma(7, 1, "read", 0x40400060, pid=5, priv="s")
    t.fault_rec(7, 5, 5, "read", 1, 0x40400060, pid=5, priv=1, why="non-leaf L1[2] read: access fault")
    t.dma(8, 5, "exec", 0x40000070, pid=2, priv="s", cmt="VS root[1] -> table at GPA 0x40000000 (G root[1] V=0)")
    t.fault_rec(8, 20, 6, "exec", 5, 0x40000070, 0x40000001, pid=2, priv=1,
                why="instruction guest-page fault on the implicit read of the VS table: iotval2 = GPA | 1")
    t.dma(9, 5, "read", 0x1010, pid=2, priv="u", cmt="U request, ENS irrelevant; L0[1] -> GPA 0x200000")
    t.ok(9, 0x40200010)
    t.dma(10, 6, "read", 0x7070, pid=9, priv="s", cmt="PDTV=1 with pdtp.MODE Bare")
    t.ok(10, 0x7070, "step 14: first stage Bare, no PC is located, so no ENS check (no second stage)")
    t.dma(11, 6, "write", 0x8080)
    t.ok(11, 0x8080, "no process_id, DPE=0: first stage Bare")
    t.save()


def cq_extensions():
    t = T("cq_extensions", """
cq_extensions: the Non-leaf PTE Invalidation (capabilities.NL=1: NL at command bit 34) and Address Range
Invalidation (capabilities.S=1: S at command bit 73 = dw1 bit 9, ADDR a NAPOT range: first 0 bit of ADDR at
position X gives 2^(X+1) * 4 KiB) extensions on IOTINVAL.VMA and IOTINVAL.GVMA: every operand combination the
extension chapters list is a legal command (no cmd_ill, cqh advances, the IOFENCE.C completes), and after
IOTINVAL.GVMA + IOFENCE.C a changed second-stage entry is used. The functional runner has no translation
caches, so the extra entries NL and S invalidate are not observable here (the timing model and the RTL
configuration have no NL/S: capabilities.NL = S = 0 in config/rtl.cfg).
Second stage Sv39x4 (GSCID 1), first stage Bare: GPA = IOVA; G root[0] maps GPA 0-1 GiB.
Spec: iommu_extensions.adoc "Non-leaf PTE Invalidation Extension", "Non-leaf PTE Invalidation by
IOTINVAL.VMA", "Non-leaf PTE Invalidation by IOTINVAL.GVMA", "Address Range Invalidation Extension";
iommu_in_memory_queues.adoc "IOMMU Page-Table cache invalidation commands"; iommu_data_structures.adoc
"Updating in-memory data structure entries".
""")
    t.dc(1, TC_V, iohgatp=HG, cmt="iohgatp Sv39x4 GSCID 1 root 0x600000, iosatp Bare")
    t.mem(0x600000, pte(0x40000, V | R | W | U | A | D), "G root[0]: GPA 0-1 GiB -> PA 0x40000000")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    cq_on(t)
    t.dma(1, 1, "read", 0x1010)
    t.ok(1, 0x40001010)
    t.mem(0x600000, pte(0x140000, V | R | W | U | A | D), "G root[0] now -> PA 0x140000000")
    put(t, 0, iotinval(1, gv=1, gscid=1, av=1, nl=1, addr=0x1000), "IOTINVAL.GVMA GV=1 GSCID 1 AV=1 NL=1 ADDR 0x1000")
    put(t, 1, iofence(av=1, data=0x1, addr=0x480000), "IOFENCE.C AV=1 DATA 1")
    t.write("cqt", 2)
    t.memwr4(0x480000, 0x1)
    t.poll("cqh", 0xffffffff, 2, 2)
    t.dma(2, 1, "read", 0x1010)
    t.ok(2, 0x140001010, "the changed second-stage leaf")
    t.mem(0x600000, pte(0x180000, V | R | W | U | A | D), "G root[0] now -> PA 0x180000000")
    put(t, 2, iotinval(1, gv=1, gscid=1, av=1, s=1, nl=1, addr=0x1ffff000),
        "IOTINVAL.GVMA GV=1 AV=1 S=1 NL=1 ADDR 0x1ffff000: first 0 bit at 17 -> 2^18*4 KiB = 1 GiB from GPA 0")
    put(t, 3, iofence(av=1, data=0x2, addr=0x480008), "IOFENCE.C AV=1 DATA 2")
    t.write("cqt", 4)
    t.memwr4(0x480008, 0x2)
    t.poll("cqh", 0xffffffff, 4, 4)
    t.dma(3, 1, "write", 0x2020)
    t.ok(3, 0x180002020)
    t.c("Every other operand combination of the two extension chapters: legal, completes.")
    cmds = [(iotinval(1, gv=0, av=1, nl=1, s=1, addr=0x3000), "GVMA GV=0: AV, NL, S ignored"),
            (iotinval(1, gv=1, gscid=1, av=0, nl=1, s=1), "GVMA GV=1 AV=0: NL, S ignored"),
            (iotinval(1, gv=1, gscid=1, av=1, nl=0, s=1, addr=0x1000), "GVMA GV=1 AV=1 NL=0 S=1 (8 KiB)"),
            (iotinval(0, av=0, nl=1, s=1), "VMA AV=0: NL, S ignored"),
            (iotinval(0, av=1, nl=1, addr=0x40000000), "VMA GV=0 PSCV=0 AV=1 NL=1"),
            (iotinval(0, av=1, nl=1, pscv=1, pscid=5, addr=0x40000000), "VMA GV=0 PSCV=1 AV=1 NL=1"),
            (iotinval(0, gv=1, gscid=1, av=1, nl=1, addr=0x40000000), "VMA GV=1 PSCV=0 AV=1 NL=1"),
            (iotinval(0, gv=1, gscid=1, pscv=1, pscid=5, av=1, nl=1, s=1, addr=0x7ffff000),
             "VMA GV=1 PSCV=1 AV=1 NL=1 S=1, ADDR 0x7ffff: first 0 bit at 19, a 4 GiB range"),
            (iotinval(0, av=1, s=1, addr=((1 << 51) - 1) << 12), "VMA AV=1 S=1, ADDR[63:12] (52 bits, dw1 61:10) MSB 0, all other bits 1: whole space"),
            (iofence(av=1, data=0x3, addr=0x480010), "IOFENCE.C AV=1 DATA 3")]
    for k, (c, cm) in enumerate(cmds):
        put(t, 4 + k, c, cm)
    t.write("cqt", 4 + len(cmds))
    t.memwr4(0x480010, 0x3)
    t.poll("cqh", 0xffffffff, 4 + len(cmds), 4 + len(cmds))
    t.read("cqcsr", 0x10001, "cqon | cqen: no cmd_ill, no cqmf")
    t.save()


def ad_two_stage():
    t = T("ad_two_stage", """
ad_two_stage: hardware A/D updates with both stages active (DC.tc.SADE=1 and GADE=1). The first-stage A/D
update is an implicit write: its GPA goes through the second stage checked for a store, so a first-stage leaf
whose table page the second stage maps read-only gives the guest-page fault of the original access with
iotval2 = GPA of the PTE | 1 (implicit) | 2 (implicit write). A first-stage update through a writable second
stage is a compare-and-swap at the SPA of the PTE; a second-stage leaf with A=D=0 reached by the final GPA is
updated (A and D for a write) by a compare-and-swap of the second-stage PTE.
Spec: iommu_data_structures.adoc tc.SADE/GADE, "IOMMU updating of PTE accessed (A) and dirty (D) updates";
iommu_in_memory_queues.adoc "Fault/Event-Queue" (iotval2 bit 1); hypervisor.adoc "Two-Stage Address
Translation" (implicit accesses to first-stage tables are checked by the second stage, A/D update as a store).
""")
    two_stage_layout(t)
    t.mem(0x40010000 + 3 * 8, pte(0xc0000, V), "VS root[3] -> GPA 0xc0000000 (G root[3]: read-only)")
    t.mem(0xc0000000, pte(0xc0001, V), "VS L1 at GPA/PA 0xc0000000: [0] -> GPA 0xc0001000")
    t.mem(0xc0001000, pte(0x200, V | R | W | U), "VS L0[0] at GPA/PA 0xc0001000: GPA 0x200000, A=D=0")
    t.mem(0x40012000 + 9 * 8, pte(0x209, V | R | W | U), "VS L0[9] (PA 0x40012048): GPA 0x209000, A=D=0")
    t.mem(0x40012000 + 10 * 8, pte(0x100000, V | R | W | U | A | D), "VS L0[10]: GPA 0x100000000")
    t.mem(0x600000 + 4 * 8, pte(0x140000, V | R | W | U), "G root[4]: GPA 4-5 GiB -> PA 0x140000000, A=D=0")
    t.dc(1, TC_V | TC_SADE | TC_GADE, iohgatp=HG, fsc=atp(8, 0x10), cmt="SADE | GADE, Sv39 root GPA 0x10000")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", 0xc0000010, cmt="first-stage leaf A=0: update, but its page is read-only in the second stage")
    t.fault_rec(1, 21, 0, "read", 1, 0xc0000010, 0xc0001003,
                why="guest-page fault of the A update: iotval2 = 0xc0001000 | implicit | write")
    t.dma(2, 1, "write", 0x9010)
    t.memcas(0x40012048, pte(0x209, V | R | W | U), pte(0x209, V | R | W | U | A | D), pte(0x209, V | R | W | U),
             why="first-stage A and D, at the SPA of GPA 0x12048")
    t.ok(2, 0x40209010)
    t.dma(3, 1, "write", 0xa020)
    t.memcas(0x600020, pte(0x140000, V | R | W | U), pte(0x140000, V | R | W | U | A | D), pte(0x140000, V | R | W | U),
             why="second-stage leaf A and D for the write")
    t.ok(3, 0x140000020)
    t.dma(4, 1, "read", 0x9018, cmt="both leaves have A and D now: no write")
    t.ok(4, 0x40209018)
    t.save()


def ats_causes():
    t = T("ats_causes", """
ats_causes: the completion of a PCIe ATS translation request (ttyp=ats) for every fault category.
CA (recorded, TTYP 8): access faults (5: the walk of an ATS request is a read), 261, 263, 265 (in
ats_translation), 267, and the data corruptions 268, 269, 270, 274 (iommu_hw_guidelines.adoc RAS: "a Completer
Abort (CA) response is appropriate" for the poisoned-data causes; docs/decisions.md).
UR (recorded): 256, 257, 258 and 260 (in ats_translation), 259.
Success with R=W=0 (not recorded): 262 (and the page faults, in ats_translation).
MSI: a basic-translate MSI PTE gives Success with the translated address (4 KiB, R=W=1, X=0, G=0); an MRIF-mode
MSI PTE gives Success with U=1 (Untranslated access only), R=W=1 (the MSI permissions), and no address (logged
as pa 0, size 0x1000, docs/decisions.md). The translation range of a success is the smaller page of the two
stages (2 MiB first-stage leaf under a 1 GiB second-stage leaf: 2 MiB, address aligned to it).
Spec: iommu_data_structures.adoc "PCIe ATS translation request handling" (CA/UR/Success lists, MRIF U bit,
Global = 0 for MSI), "Process to translate addresses of MSIs"; iommu_hw_guidelines.adoc "Reliability,
Availability, and Serviceability (RAS)"; iommu_in_memory_queues.adoc "Fault/Event-Queue" (TTYP 8).
""")
    two_stage_layout(t)
    t.dc(1, TC_V | TC_EN_ATS, iohgatp=HG, fsc=atp(8, 0x10), cmt="EN_ATS, two stages")
    t.memerr(0x40012000 + 11 * 8, "access", "VS L0[11] (IOVA 0xb000): access fault")
    t.memerr(0x40012000 + 12 * 8, "corrupt", "VS L0[12] (IOVA 0xc000): data corruption")
    t.c("MSI: msi_addr_mask 0x7, pattern 0x28000: GPA pages 0x28000-0x28007, I = GPA[14:12]; MSI PTEs at 0x700000.")
    t.dc(6, TC_V | TC_EN_ATS, iohgatp=HG, msiptp=atp(1, 0x700), mask=0x7, pattern=0x28000,
         cmt="EN_ATS, iosatp Bare, msiptp Flat PPN 0x700")
    t.mem(0x700000, pte(0x9f000, V | 3 << 1), "I=0: basic translate, PPN 0x9f000")
    t.mem(0x700008, 0)
    t.mem(0x700010, V | 1 << 1 | (0x9e000200 >> 9) << 7, "I=1: MRIF mode, MRIF address 0x9e000200")
    t.mem(0x700018, 0x1a5 | 0x9d000 << 10, "I=1 dw1: NID 0x1a5, NPPN 0x9d000")
    t.mem(0x700020, 0, "I=2: V=0")
    t.mem(0x700030, V, "I=3: M=0 (misconfigured)")
    t.memerr(0x700060, "access", "I=6: access fault")
    t.memerr(0x700070, "corrupt", "I=7: data corruption")
    t.dc(7, TC_V | TC_EN_ATS | TC_PDTV, iohgatp=HG, fsc=atp(1, 0x20), cmt="EN_ATS, PD8 at GPA 0x20000 (PA 0x40020000)")
    t.mem(0x40020000 + 8 * 16, V | 1 << 3, "PC of pid 8: reserved ta bit 3")
    t.mem(0x40020000 + 8 * 16 + 8, atp(8, 0x10))
    t.memerr(0x40020000 + 9 * 16, "corrupt", "PC of pid 9: data corruption")
    t.dc(8, TC_V | TC_EN_ATS | TC_PRPR, iohgatp=HG, fsc=atp(8, 0x10), cmt="PRPR without EN_PRI: misconfigured")
    t.memerr(0x100000 + 9 * 64, "access", "DC of did 9 (tc): access fault")
    t.memerr(0x100000 + 10 * 64 + 8, "corrupt", "DC of did 10 (iohgatp): data corruption")
    t.blank()
    t.fq_on()
    t.dma(1, 1, "ats", 0x1000, cmt="ddtp Off")
    t.note("fault 256")
    t.record(0, 256, "ats", 1, 0x1000)
    t.ats_err(1, "ur")
    t.ddtp(2)
    t.dma(2, 1, "ats", 0x1000)
    t.ats_ok(2, 0x40200000, 0x1000, 1, 1)
    t.dma(3, 1, "ats", 0xb000)
    t.note("fault 5 (read access fault on a PTE read)")
    t.record(1, 5, "ats", 1, 0xb000)
    t.ats_err(3, "ca")
    t.dma(4, 1, "ats", 0xc000)
    t.note("fault 274 (PT data corruption)")
    t.record(2, 274, "ats", 1, 0xc000)
    t.ats_err(4, "ca")
    t.dma(5, 6, "ats", 0x28000010)
    t.ats_ok(5, 0x9f000000, 0x1000, 1, 1, why="basic-translate MSI PTE")
    t.dma(6, 6, "ats", 0x28001000)
    t.ats_ok(6, 0, 0x1000, 1, 1, u=1, why="MRIF mode: Untranslated access only")
    t.dma(7, 6, "ats", 0x28002000)
    t.ats_nores(7, "262 MSI PTE not valid")
    t.dma(8, 6, "ats", 0x28003000)
    t.note("fault 263")
    t.record(3, 263, "ats", 6, 0x28003000)
    t.ats_err(8, "ca")
    t.dma(9, 6, "ats", 0x28006000)
    t.note("fault 261")
    t.record(4, 261, "ats", 6, 0x28006000)
    t.ats_err(9, "ca")
    t.dma(10, 6, "ats", 0x28007000)
    t.note("fault 270")
    t.record(5, 270, "ats", 6, 0x28007000)
    t.ats_err(10, "ca")
    t.dma(11, 7, "ats", 0x1000, pid=8, priv="u")
    t.note("fault 267")
    t.record(6, 267, "ats", 7, 0x1000, pid=8)
    t.ats_err(11, "ca")
    t.dma(12, 7, "ats", 0x1000, pid=9, priv="s")
    t.note("fault 269")
    t.record(7, 269, "ats", 7, 0x1000, pid=9, priv=1)
    t.ats_err(12, "ca")
    t.dma(13, 8, "ats", 0x1000)
    t.note("fault 259")
    t.record(8, 259, "ats", 8, 0x1000)
    t.ats_err(13, "ur")
    t.dma(14, 9, "ats", 0x1000)
    t.note("fault 257")
    t.record(9, 257, "ats", 9, 0x1000)
    t.ats_err(14, "ur")
    t.dma(15, 10, "ats", 0x1000)
    t.note("fault 268")
    t.record(10, 268, "ats", 10, 0x1000)
    t.ats_err(15, "ca")
    t.c("Range size: a 2 MiB first-stage leaf under a 1 GiB second-stage leaf translates a 2 MiB range.")
    t.mem(0x40011000 + 1 * 8, pte(0x400, V | R | W | U | A | D), "VS L1[1]: 2 MiB leaf, IOVA 0x200000 -> GPA 0x400000")
    t.dma(16, 1, "ats", 0x212345)
    t.ats_ok(16, 0x40400000, 0x200000, 1, 1, why="GPA 0x412345 -> SPA 0x40412345; pa aligned to the 2 MiB range")
    t.read("fqt", 11)
    t.save()


def g_stage_mem_errors():
    t = T("g_stage_mem_errors", """
g_stage_mem_errors: access fault and data corruption on second-stage PTE reads outside the PDT walk: for the
final GPA (first stage Bare) and for the GPA of a first-stage table. An access fault gives the access fault of
the original access type (1, 5, 7), data corruption gives 274; iotval = IOVA, iotval2 = 0 (not a guest-page
fault).
Spec: iommu_data_structures.adoc "Faults from virtual address translation process" (the privileged spec's
two-stage process: a PMA/PMP violation on a PTE access is an access fault of the original access type);
iommu_in_memory_queues.adoc cause 274 "First/second-stage PT data corruption"; iommu_hw_guidelines.adoc
"Faults from PMA and PMP", RAS.
""")
    t.dc(1, TC_V, iohgatp=atp(8, 0x610, 1), cmt="iosatp Bare, iohgatp Sv39x4 GSCID 1 root 0x610000")
    t.memerr(0x610000, "access", "G root[0] (GPA 0-1 GiB): access fault")
    t.memerr(0x610008, "corrupt", "G root[1] (GPA 1-2 GiB): data corruption")
    t.mem(0x610010, pte(0x80000, V | R | W | X | U | A | D), "G root[2]: GPA 2-3 GiB -> PA 0x80000000")
    t.dc(2, TC_V, iohgatp=atp(8, 0x614, 2), fsc=atp(8, 0x10), cmt="Sv39 root GPA 0x10000, iohgatp root 0x614000")
    t.memerr(0x614000, "access", "G root[0]: access fault (maps the first-stage root GPA 0x10000)")
    t.dc(3, TC_V, iohgatp=atp(8, 0x618, 3), fsc=atp(8, 0x10), cmt="Sv39 root GPA 0x10000, iohgatp root 0x618000")
    t.memerr(0x618000, "corrupt", "G root[0]: data corruption")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", 0x80000100)
    t.ok(1, 0x80000100, "G root[2]")
    t.dma(2, 1, "read", 0x1100)
    t.fault_rec(2, 5, 0, "read", 1, 0x1100, why="second-stage PTE for the final GPA: read access fault")
    t.dma(3, 1, "write", 0x2200)
    t.fault_rec(3, 7, 1, "write", 1, 0x2200)
    t.dma(4, 1, "exec", 0x3300)
    t.fault_rec(4, 1, 2, "exec", 1, 0x3300)
    t.dma(5, 1, "write", 0x40004400)
    t.fault_rec(5, 274, 3, "write", 1, 0x40004400, why="second-stage PTE corrupt")
    t.dma(6, 2, "write", 0x5500, cmt="the first-stage root (GPA 0x10000) needs G root[0]")
    t.fault_rec(6, 7, 4, "write", 2, 0x5500, why="access fault while translating a first-stage table GPA: original type")
    t.dma(7, 3, "exec", 0x6600)
    t.fault_rec(7, 274, 5, "exec", 3, 0x6600)
    t.save()


def msi_first_stage():
    t = T("msi_first_stage", """
msi_first_stage: MSI address translation applies to the GPA, i.e. after the first stage: an IOVA that the
first stage maps into a virtual interrupt file is translated by the MSI page table (not the second stage); the
first stage's own checks come first (a write through a read-only first-stage leaf is a write page fault, 15);
an IOVA equal to the pattern address but mapped by the first stage elsewhere uses the second stage. A
translated request with T2GPA=1 is a GPA that goes through the same MSI check.
Spec: iommu_data_structures.adoc "Process to translate an IOVA" (steps 17-19: first stage, then the MSI check
on the GPA, then the second stage), "Process to translate addresses of MSIs" ("Let A be the GPA"), step 9 (T2GPA).
""")
    two_stage_layout(t)
    t.dc(1, TC_V, iohgatp=HG, fsc=atp(8, 0x10), msiptp=atp(1, 0x700), mask=0x7, pattern=0x28000,
         cmt="Sv39 (root GPA 0x10000) over Sv39x4, msiptp Flat 0x700, files at GPA pages 0x28000-0x28007")
    t.dc(2, TC_V | TC_EN_ATS | TC_T2GPA, iohgatp=HG, msiptp=atp(1, 0x700), mask=0x7, pattern=0x28000,
         cmt="EN_ATS | T2GPA: translated requests carry a GPA; same MSI page table")
    t.mem(0x700000, pte(0x9f000, V | 3 << 1), "MSI PTE I=0: PPN 0x9f000")
    t.mem(0x700010, pte(0x9f001, V | 3 << 1), "MSI PTE I=1: PPN 0x9f001")
    t.mem(0x40012000 + 13 * 8, pte(0x28000, V | R | W | U | A | D), "VS L0[13]: IOVA 0xd000 -> GPA 0x28000000 (I=0)")
    t.mem(0x40012000 + 14 * 8, pte(0x28001, V | R | U | A | D), "VS L0[14]: IOVA 0xe000 -> GPA 0x28001000 (I=1), read-only")
    t.mem(0x40011000 + 0x140 * 8, pte(0x400, V | R | W | U | A | D), "VS L1[0x140]: 2 MiB leaf, IOVA 0x28000000 -> GPA 0x400000")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "write", 0xd004)
    t.ok(1, 0x9f000004, "GPA 0x28000004 is in a virtual interrupt file: MSI PTE I=0")
    t.dma(2, 1, "write", 0xe008)
    t.fault_rec(2, 15, 0, "write", 1, 0xe008, why="first-stage leaf read-only: the first stage faults before the MSI check")
    t.dma(3, 1, "read", 0xe00c)
    t.ok(3, 0x9f00100c, "read through the read-only leaf: MSI PTE I=1 (R=1)")
    t.dma(4, 1, "write", 0x28000010, cmt="IOVA inside the pattern, GPA 0x400010 outside it")
    t.ok(4, 0x40400010, "second stage (G root[0]): the MSI check looks at the GPA, not the IOVA")
    t.dma(5, 2, "twrite", 0x28001020, cmt="T2GPA: the address is a GPA in a virtual interrupt file")
    t.ok(5, 0x9f001020, "step 9 -> 17 with iosatp Bare -> step 18: MSI PTE I=1")
    t.dma(6, 2, "tread", 0x5000)
    t.ok(6, 0x40005000, "T2GPA, not an MSI address: second stage")
    t.save()


def pq_cq_interrupts():
    t = T("pq_cq_interrupts", """
pq_cq_interrupts: wire-signaled interrupts (fctl.WSI=1) of the page-request queue and of a command-queue
memory fault. ipsr.pip is set when pqcsr.pie=1 and a new message is queued, or pqof or pqmf is 1; cip when
cqcsr.cie=1 and cqmf is 1. A W1C of a pending bit whose condition still holds leaves it at 1 (the wire does
not change); once the condition is gone the W1C clears it. icvec: civ (3:0) = 2, piv (15:12) = 4.
Spec: iommu_registers.adoc ipsr (pip, cip, "transitions again from 0->1"), pqcsr (pie, pqof), cqcsr (cie,
cqmf), icvec, fctl.WSI; iommu_in_memory_queues.adoc "Page-Request-Queue (PQ)" (full -> pqof).
""")
    t.write("fctl", 0x2, "WSI=1 (IOMMU Off, queues off)")
    t.write("icvec", 0x4002, "civ=2, piv=4")
    t.dc(1, TC_V | TC_EN_ATS | TC_EN_PRI, cmt="EN_ATS | EN_PRI")
    t.fq_on()
    t.ddtp(2)
    t.write("pqb", (0x500 << 10) | 0, "PQ at 0x500000, 2 entries: one record fits")
    t.write("pqcsr", 0x3, "pqen | pie")
    t.poll("pqcsr", 0x30000, 0x10000, 0x10003)
    t.cmd("pgreq did=1 addr=0x1000 r=1 prgi=1", "L=0")
    t.memwr8(PQ, 1 << 40, why="dw0: DID 1")
    t.memwr8(PQ + 8, 1 | 1 << 3 | 0x1000, why="dw1: R | PRGI 1 | address")
    t.irq(4, 1)
    t.read("ipsr", 0x8, "pip")
    t.write("ipsr", 0x8, "W1C pip: no condition left (a new message is an event)")
    t.irq(4, 0)
    t.cmd("pgreq did=1 addr=0x2000 w=1 prgi=2", "pqt=1 == pqh-1: full -> pqof, discarded (L=0: no response)")
    t.irq(4, 1)
    t.write("ipsr", 0x8, "W1C pip while pqof=1: stays 1")
    t.read("ipsr", 0x8)
    t.read("pqcsr", 0x10203, "pqon | pqof | pie | pqen")
    t.write("pqcsr", 0x203, "W1C pqof")
    t.read("ipsr", 0x8, "still 1 until cleared")
    t.write("ipsr", 0x8)
    t.irq(4, 0)
    t.read("ipsr", 0x0)
    t.blank()
    cq_on(t, cie=1)
    t.memerr(CQ, "access", "CQ[0] dw0: fetch faults")
    t.write("cqt", 1)
    t.irq(2, 1)
    t.poll("cqcsr", 0x20100, 0x100, 0x10103, "cqmf | cie")
    t.write("ipsr", 0x1, "W1C cip while cqmf=1: stays 1")
    t.read("ipsr", 0x1)
    t.memerr(CQ, "ok")
    put(t, 0, iofence(av=1, data=0x9, addr=0x480000), "IOFENCE.C AV=1 DATA 9")
    t.write("cqcsr", 0x103, "W1C cqmf, keep cqen | cie: CQ[0] re-fetched")
    t.memwr4(0x480000, 0x9)
    t.poll("cqh", 0xffffffff, 1, 1)
    t.write("ipsr", 0x1, "now cip clears")
    t.irq(2, 0)
    t.read("ipsr", 0x0)
    t.save()


def hpm_events():
    t = T("hpm_events", """
hpm_events: what the standard HPM events 1 (untranslated), 2 (translated) and 3 (ATS translation requests)
count: every request of the type that the IOMMU processes, also one that faults (the event is the request,
not its success; docs/decisions.md), and the requests of the debug interface as Untranslated requests. Filters:
IDT=1 is not supported by events 1-3, so such a counter does not increment; PV_PSCV=1 with IDT=0 counts only
requests that have a process_id equal to PID_PSCID; DV_GSCV=1 counts only the device_id DID_GSCID.
eventID is WARL to the events this IOMMU counts (1-3): writing 5 reads back 0 (docs/decisions.md).
Offsets: iohpmctrX = 104+8(X-1), iohpmevtX = 352+8(X-1); evt: eventID 14:0, PID_PSCID 35:16, DID_GSCID 59:36,
PV_PSCV 60, DV_GSCV 61, IDT 62.
Spec: iommu_registers.adoc iohpmevt1-31 (filtering options, "Standard Events list", "When the programmed IDT
setting is not supported ... does not increment"), iohpmctr1-31, iocountinh; iommu_debug.adoc ("treated as
Untranslated Requests" for the HPM).
""")
    two_stage_layout(t)
    t.dc(1, TC_V | TC_EN_ATS, iohgatp=HG, fsc=atp(8, 0x10), cmt="EN_ATS, Sv39 over Sv39x4")
    t.dc(2, TC_V | TC_PDTV, cmt="PDTV=1 with pdtp Bare: requests with a process_id pass, pa = IOVA")
    t.fq_on()
    t.ddtp(2)
    t.write("iocountinh", 0x1, "CY inhibited (no clock here), counters 1-31 enabled")
    evts = [(1, 0x1, "event 1, no filter"), (2, 0x3, "event 3 (ATS)"), (3, 1 << 62 | 0x1, "event 1 with IDT=1"),
            (4, 1 << 60 | 7 << 16 | 0x1, "event 1, PV_PSCV, PID 7"), (5, 1 << 61 | 1 << 36 | 0x2, "event 2, DV_GSCV, DID 1")]
    for n, v, c in evts:
        t.write(str(352 + 8 * (n - 1)), v, f"iohpmevt{n}: {c}", size=8)
        t.write(str(104 + 8 * (n - 1)), 0, f"iohpmctr{n}", size=8)
    t.dma(1, 1, "read", 0x1000)
    t.ok(1, 0x40200000)
    t.dma(2, 1, "read", 0x5000, cmt="first-stage V=0")
    t.fault_rec(2, 13, 0, "read", 1, 0x5000)
    t.dma(3, 1, "ats", 0x1000)
    t.ats_ok(3, 0x40200000, 0x1000, 1, 1)
    t.dma(4, 2, "read", 0x3000, pid=7)
    t.ok(4, 0x3000)
    t.dma(5, 2, "read", 0x3000, pid=8)
    t.ok(5, 0x3000)
    t.dma(6, 2, "read", 0x3000)
    t.ok(6, 0x3000)
    t.write("tr_req_iova", 0x1000)
    t.write("tr_req_ctl", 1 << 40 | 1 << 3 | 1, "DID 1 | NW | Go")
    t.poll("tr_req_ctl", 0x1, 0x0, 1 << 40 | 1 << 3, "Go/Busy cleared")
    t.read("tr_response", 0x40200 << 10, "PPN 0x40200, no fault")
    t.dma(7, 1, "tread", 0x1000, cmt="EN_ATS=1, T2GPA=0: already an SPA")
    t.ok(7, 0x1000)
    t.dma(8, 2, "tread", 0x2000, cmt="EN_ATS=0")
    t.fault_rec(8, 260, 1, "tread", 2, 0x2000)
    t.read("104", 6, "ctr1: tags 1, 2 (faulting), 4, 5, 6 and the debug request")
    t.read("112", 1, "ctr2: the ATS request")
    t.read("120", 0, "ctr3: IDT=1 not supported by event 1")
    t.read("128", 1, "ctr4: only tag 4 (pid 7); tag 6 has no process_id")
    t.read("136", 1, "ctr5: tag 7 (did 1); tag 8 is did 2")
    t.write("368", 0x5, "iohpmevt3: event 5 (Device Directory Walks)", size=8)
    t.read("368", 0x0, "eventID WARL: events 4-8 are not counted by this IOMMU, so not kept (docs/decisions.md)")
    t.write("368", 0x3, "event 3 is kept", size=8)
    t.read("368", 0x3)
    t.save()


def big_endian():
    t = T("big_endian", """
big_endian: fctl.BE=1 (config/full_be.cfg: capabilities.END=1, fctl.BE writable; written while the IOMMU is
Off and the queues are off). Memory words are little-endian (`mem`, `memwr` data), so a big-endian
doubleword X appears as the byte-reversed word be64(X), a big-endian 4-byte value as be32(X).
fctl.BE governs the DDT (DC), the second-stage and MSI page tables, the fault-queue records, command fetch and
the IOFENCE.C write, page-request records, and the IOMMU's MSIs; DC.tc.SBE governs the PDT and first-stage
tables (SBE=1 big-endian, SBE=0 little-endian even with fctl.BE=1), including an A/D compare-and-swap and
4-byte Sv32 PTEs (a 4-byte PTE at an address with bit 2 set is the upper half of the memory word).
Spec: iommu_data_structures.adoc "Endianness of in-memory data structures" (table), tc.SBE; iommu_registers.adoc
fctl.BE ("accesses made by the IOMMU during command processing or for MSI generation, and accesses to in-memory
queues"); iommu_in_memory_queues.adoc "Fault/Event-Queue" (doubleword byte order), "Command-Queue (CQ)",
"Page-Request-Queue (PQ)".
""", config="config/full_be.cfg")
    def dc_be(did, tc, iohgatp=0, ta=0, fsc=0, msiptp=0, mask=0, pattern=0, cmt=""):
        a = DDT + did * 64
        t.c(f"DC of device {did} at {hx(a)}, every doubleword big-endian: {cmt}")
        for k, v in enumerate([tc, iohgatp, ta, fsc, msiptp, mask, pattern, 0]):
            t.mem(a + 8 * k, be64(v))

    t.write("fctl", 0x1, "BE=1")
    t.read("fctl", 0x1)
    dc_be(1, TC_V | TC_SBE, fsc=atp(8, 0x200), cmt="SBE=1, Sv39 root 0x200000 (big-endian tables)")
    dc_be(2, TC_V, fsc=atp(8, 0x210), cmt="SBE=0, Sv39 root 0x210000 (little-endian tables)")
    dc_be(3, TC_V | TC_SBE, iohgatp=HG, msiptp=atp(1, 0x700), mask=0x7, pattern=0x28000,
          cmt="iosatp Bare, Sv39x4 root 0x600000, MSI Flat 0x700")
    dc_be(4, TC_V | TC_SBE | TC_PDTV, fsc=atp(1, 0x110), cmt="PD8 at 0x110000 (big-endian, SBE=1)")
    dc_be(6, TC_V | TC_SBE | TC_EN_ATS | TC_EN_PRI, cmt="EN_ATS | EN_PRI")
    dc_be(7, TC_V | TC_SBE | TC_SADE, fsc=atp(8, 0x200), cmt="SADE, the big-endian tables of device 1")
    dc_be(8, TC_V | TC_SBE | TC_SXL, fsc=atp(8, 0x220), cmt="SXL=1: Sv32 (fctl.GXL=0 writable), root 0x220000, big-endian")
    t.mem(0x220000, be32(pte(0x221, V)) << 32, "BE Sv32 root[1] (4 bytes at 0x220004: upper half) -> 0x221000")
    t.mem(0x221000, be32(pte(0x12345, V | R | W | U | A | D)) << 32, "BE Sv32 L0[1] (at 0x221004): PA 0x12345000")
    t.mem(0x200008, be64(pte(0x201, V)), "BE root[1] -> 0x201000")
    t.mem(0x201000, be64(pte(0x202, V)), "BE L1[0] -> 0x202000")
    t.mem(0x202000, be64(pte(0x80000, V | R | W | U | A | D)), "BE L0[0]: PA 0x80000000")
    t.mem(0x202008, be64(pte(0x80001, V | R | W | U)), "BE L0[1]: PA 0x80001000, A=D=0")
    t.mem(0x210008, pte(0x211, V), "LE root[1] -> 0x211000")
    t.mem(0x211000, pte(0x212, V), "LE L1[0] -> 0x212000")
    t.mem(0x212000, pte(0x90000, V | R | W | U | A | D), "LE L0[0]: PA 0x90000000")
    t.mem(0x600000, be64(pte(0x40000, V | R | W | X | U | A | D)), "BE G root[0]: GPA 0-1 GiB -> PA 0x40000000")
    t.mem(0x700000, be64(pte(0x9f000, V | 3 << 1)), "BE MSI PTE I=0: basic, PPN 0x9f000")
    t.mem(0x110000 + 5 * 16, be64(V | 2 | 5 << 12), "BE PC of pid 5: ta V | ENS | PSCID 5")
    t.mem(0x110000 + 5 * 16 + 8, be64(atp(8, 0x200)), "BE PC fsc: Sv39 root 0x200000")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", 0x40000010)
    t.ok(1, 0x80000010, "big-endian DC and first-stage tables")
    t.dma(2, 2, "read", 0x40000020)
    t.ok(2, 0x90000020, "big-endian DC, little-endian first stage (SBE=0)")
    t.dma(3, 3, "write", 0x28000030)
    t.ok(3, 0x9f000030, "big-endian MSI PTE")
    t.dma(4, 3, "read", 0x1040)
    t.ok(4, 0x40001040, "big-endian second-stage PTE")
    t.dma(5, 4, "read", 0x40000050, pid=5, priv="u")
    t.ok(5, 0x80000050, "big-endian PC (U request to the U=1 page)")
    t.dma(6, 7, "read", 0x40001060)
    t.memcas(0x202008, be64(pte(0x80001, V | R | W | U)), be64(pte(0x80001, V | R | W | U | A)),
             be64(pte(0x80001, V | R | W | U)), why="A update of a big-endian PTE")
    t.ok(6, 0x80001060)
    t.dma(9, 8, "read", 0x401abc, cmt="Sv32: VPN[1]=1, VPN[0]=1")
    t.ok(9, 0x12345abc, "big-endian 4-byte PTEs")
    t.dma(7, 5, "write", 0x7070, cmt="device 5: DC not valid")
    t.fault_rec(7, 258, 0, "write", 5, 0x7070, big_endian=True, why="each record doubleword big-endian")
    t.blank()
    cq_on(t)
    c = iofence(av=1, data=0x11223344, addr=0x480000)
    t.mem(CQ, be64(c[0]), "CQ[0] dw0, big-endian: IOFENCE.C AV=1 DATA 0x11223344")
    t.mem(CQ + 8, be64(c[1]), "CQ[0] dw1, big-endian: ADDR 0x480000 >> 2")
    t.write("cqt", 1)
    t.memwr4(0x480000, be32(0x11223344), why="DATA written big-endian")
    t.poll("cqh", 0xffffffff, 1, 1)
    t.blank()
    t.write("pqb", (0x500 << 10) | 3, "PQ at 0x500000, 16 entries")
    t.write("pqcsr", 0x1)
    t.poll("pqcsr", 0x30000, 0x10000, 0x10001)
    t.cmd("pgreq did=6 addr=0x5000 pid=3 r=1 last=1 prgi=5")
    t.memwr8(PQ, be64(3 << 12 | 1 << 32 | 6 << 40), why="dw0 PID 3 | PV | DID 6, big-endian")
    t.memwr8(PQ + 8, be64(1 | 1 << 2 | 5 << 3 | 0x5000), why="dw1 R | L | PRGI 5 | address, big-endian")
    t.blank()
    t.write("icvec", 0x30, "fiv=3")
    t.write("816", 0xa0003004, "msi_addr_3 (upper half of a doubleword)", size=8)
    t.write("824", 0x55, "msi_data_3", size=4)
    t.write("828", 0x0, "msi_vec_ctl_3", size=4)
    t.write("fqcsr", 0x3, "fqen | fie")
    t.poll("fqcsr", 0x30000, 0x10000, 0x10003)
    t.dma(8, 5, "read", 0x8080)
    t.record(1, 258, "read", 5, 0x8080, big_endian=True)
    t.memwr4(0xa0003004, be32(0x55), why="MSI data big-endian (a 4-byte line carries its bytes in the low half)")
    t.fault(8, 258)
    t.save()


def cq_iodir():
    t = T("cq_iodir", """
cq_iodir: operand rules of IODIR.INVAL_DDT / IODIR.INVAL_PDT (opcode 3, func3 0/1; PID 31:12, DV 33, DID
63:40). With DV=0 the DID operand is ignored (any value is legal); PID of INVAL_PDT may use all 20 bits
(capabilities.PD20=1); a DID wider than ddtp.iommu_mode supports (1LVL with extended DCs: DID[23:6] must be 0)
breaks "must not be wider" and is treated as an illegal command (cmd_ill, docs/decisions.md); the DC then
changed in memory and invalidated with a legal IODIR.INVAL_DDT is used.
Spec: iommu_in_memory_queues.adoc "IOMMU directory cache invalidation commands", "Command-Queue (CQ)" (illegal
commands); iommu_registers.adoc cqcsr.cmd_ill.
""")
    t.dc(1, TC_V, cmt="first stage Bare: pa = IOVA")
    t.fq_on()
    t.ddtp(2)
    cq_on(t)
    put(t, 0, iodir(0, dv=0, did=0x123456), "IODIR.INVAL_DDT DV=0 DID 0x123456: DID ignored")
    put(t, 1, iodir(1, dv=1, did=1, pid=0xfffff), "IODIR.INVAL_PDT DV=1 DID 1 PID 0xfffff (20 bits)")
    put(t, 2, iofence(av=1, data=0x1, addr=0x480000), "IOFENCE.C AV=1 DATA 1")
    t.write("cqt", 3)
    t.memwr4(0x480000, 0x1)
    t.poll("cqh", 0xffffffff, 3, 3)
    t.dma(1, 1, "read", 0x1000)
    t.ok(1, 0x1000)
    put(t, 3, iodir(0, dv=1, did=0x40), "IODIR.INVAL_DDT DV=1 DID 0x40: wider than 1LVL allows")
    t.write("cqt", 4)
    t.poll("cqcsr", 0x20400, 0x400, 0x10401, "cmd_ill")
    t.read("cqh", 3)
    t.mem(0x100040, 0, "DC of did 1: tc.V=0")
    put(t, 3, iodir(0, dv=1, did=1), "IODIR.INVAL_DDT DV=1 DID 1")
    put(t, 4, iofence(av=1, data=0x2, addr=0x480008), "IOFENCE.C AV=1 DATA 2")
    t.write("cqcsr", 0x401, "W1C cmd_ill: CQ[3] re-read")
    t.write("cqt", 5)
    t.memwr4(0x480008, 0x2)
    t.poll("cqh", 0xffffffff, 5, 5)
    t.dma(2, 1, "read", 0x2000)
    t.fault_rec(2, 258, 0, "read", 1, 0x2000, why="the invalidated DC is read again: V=0")
    t.save()


def cq_ats_operands():
    t = T("cq_ats_operands", """
cq_ats_operands: operands of the PCIe ATS commands (opcode 4): with PV=0 the PID operand is ignored (the
message has no PASID); with DSV=1 the destination is DSEG:RID (device_id = DSEG << 16 | RID), with DSV=0
DSEG is ignored. The `msg` did is that destination; ATS.INVAL completes on the Invalidation Completion from it.
Spec: iommu_in_memory_queues.adoc "IOMMU PCIe ATS commands" (PV, PID, DSV, DSEG, RID, PAYLOAD).
Assumptions as in command_queue: the message payload is the command's PAYLOAD; ITags lowest free first.
""")
    cq_on(t)
    put(t, 0, atscmd(1, 0x7 << 32, pid=0x55, pv=0, rid=0x106), "ATS.PRGR PV=0 PID 0x55 (ignored) RID 0x106, PRGI 7")
    put(t, 1, atscmd(0, 0x9000, dsv=1, dseg=2, rid=0x105), "ATS.INVAL DSV=1 DSEG 2 RID 0x105")
    put(t, 2, atscmd(1, 0x8 << 32, dsv=1, dseg=3, rid=0x107, pv=1, pid=9), "ATS.PRGR DSV=1 DSEG 3 RID 0x107 PV=1 PID 9")
    put(t, 3, atscmd(1, 0x9 << 32, dsv=0, dseg=4, rid=0x108), "ATS.PRGR DSV=0 DSEG 4 (ignored) RID 0x108")
    put(t, 4, iofence(av=1, data=0x1, addr=0x480000), "IOFENCE.C: waits for the invalidation")
    t.write("cqt", 5)
    t.msg_prgr(0x106, 0x7 << 32, why="no PASID")
    t.msg_inval(0x20105, 0, 0x9000)
    t.msg_prgr(0x30107, 0x8 << 32, pid=9)
    t.msg_prgr(0x108, 0x9 << 32)
    t.cmd("invcpl did=0x20105 itags=0x1", "completion from DSEG 2 : RID 0x105")
    t.memwr4(0x480000, 0x1)
    t.poll("cqh", 0xffffffff, 5, 5)
    t.read("cqcsr", 0x10001, "no error")
    t.save()


def svnapot_g_stage():
    t = T("svnapot_g_stage", """
svnapot_g_stage: Svnapot in the second stage (Sv39x4): a level-0 second-stage leaf with N=1 and PPN[3:0]=0b1000
maps a 64 KiB range, the translation taking PPN[3:0] from GPA[15:12]; N=1 with PPN[3:0]=0b1001 is reserved, so
a guest-page fault (21, iotval2 = GPA). First stage Bare: GPA = IOVA.
Spec: iommu_registers.adoc capabilities ("must support the Svnapot"); svnapot.adoc (NAPOT PTEs in G-stage
tables too); hypervisor.adoc "Two-Stage Address Translation"; iommu_in_memory_queues.adoc fault record iotval2.
""")
    N = 1 << 63
    t.dc(1, TC_V, iohgatp=atp(8, 0x600, 1), cmt="iosatp Bare, Sv39x4 root 0x600000")
    t.mem(0x600000, pte(0x604, V), "G root[0] -> L1 0x604000")
    t.mem(0x604000, pte(0x605, V), "G L1[0] -> L0 0x605000")
    t.mem(0x605018, N | pte(0x40008, V | R | W | U | A | D), "G L0[3]: N=1, PPN 0x40008 (PPN[3:0]=1000): 64 KiB")
    t.mem(0x605020, N | pte(0x40009, V | R | W | U | A | D), "G L0[4]: N=1, PPN[3:0]=1001: reserved")
    t.fq_on()
    t.ddtp(2)
    t.dma(1, 1, "read", 0x3abc)
    t.ok(1, 0x40003abc, "PPN 0x40000 | GPA[15:12]=3")
    t.dma(2, 1, "read", 0x4abc)
    t.fault_rec(2, 21, 0, "read", 1, 0x4abc, 0x4abc, why="reserved NAPOT encoding in the second stage")
    t.save()


if __name__ == "__main__":
    queue_mem_errors()
    pgreq_faults()
    pv_walk_faults()
    cq_extensions()
    ad_two_stage()
    ats_causes()
    g_stage_mem_errors()
    msi_first_stage()
    pq_cq_interrupts()
    hpm_events()
    big_endian()
    cq_iodir()
    cq_ats_operands()
    svnapot_g_stage()
