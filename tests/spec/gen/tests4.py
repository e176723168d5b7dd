# Hand-written expectations: command queue, page-request queue, MSI interrupts, HPM, debug interface.
from lib import *


def iotinval(func3, av=0, pscid=0, pscv=0, gv=0, nl=0, gscid=0, addr=0, s=0):
    return (1 | func3 << 7 | av << 10 | pscid << 12 | pscv << 32 | gv << 33 | nl << 34 | gscid << 44,
            s << 9 | (addr >> 12) << 10)


def iofence(av=0, wsi=0, pr=0, pw=0, data=0, addr=0):
    return (2 | av << 10 | wsi << 11 | pr << 12 | pw << 13 | data << 32, addr >> 2)


def iodir(func3, pid=0, dv=0, did=0):
    return (3 | func3 << 7 | pid << 12 | dv << 33 | did << 40, 0)


def atscmd(func3, payload, pid=0, pv=0, dsv=0, rid=0, dseg=0):
    return (4 | func3 << 7 | pid << 12 | pv << 32 | dsv << 33 | rid << 40 | dseg << 56, payload)


def put(t, idx, c, cmt):
    t.mem(CQ + idx * 16, c[0], f"CQ[{idx}] dw0: {cmt}")
    t.mem(CQ + idx * 16 + 8, c[1], f"CQ[{idx}] dw1")


def cq_on(t, cie=0):
    t.write("cqb", (0x400 << 10) | 4, "CQ at 0x400000, LOG2SZ-1=4 (32 entries)")
    t.write("cqcsr", 0x1 | cie << 1, "cqen" + (" | cie" if cie else ""))
    t.poll("cqcsr", 0x30000, 0x10000, 0x10001 | cie << 1, "cqon(16)=1, busy(17)=0")


def command_queue():
    t = T("command_queue", """
command_queue: every command of the command queue (16-byte commands, opcode 6:0, func3 9:7):
IOTINVAL.VMA/GVMA (opcode 1), IOFENCE.C (2) with AV (a 4-byte write of DATA to ADDR[63:2]*4 on completion,
logged as `memwr ... size=4`), PR/PW, IODIR.INVAL_DDT/INVAL_PDT (3), ATS.INVAL/ATS.PRGR (4, `msg` lines,
`invcpl`, `atstimeout` -> cmd_to). Invalidation effect: a PTE and a DC changed in memory are seen after
IOTINVAL.VMA / IODIR.INVAL_DDT + IOFENCE.C (before the command either value may be used, so no request is
made in that window). Errors: illegal commands (reserved opcode, IOFENCE.C.WSI=1 while fctl.WSI=0,
IOTINVAL.GVMA with PSCV=1, IODIR.INVAL_PDT with DV=0, a reserved bit) set cmd_ill and stop with cqh at the
command; a memory fault on the IOFENCE.C write or on a command fetch sets cqmf. Clearing the error bit (W1C)
resumes at cqh, re-reading the command from memory. cie=0, so no interrupt.
cqcsr bits: cqen 0, cie 1, cqmf 8 (0x100), cmd_to 9 (0x200), cmd_ill 10 (0x400), fence_w_ip 11, cqon 16, busy 17.
Spec: iommu_in_memory_queues.adoc "Command-Queue (CQ)" and all its command subsections;
iommu_registers.adoc cqb, cqh, cqt, cqcsr.
Assumptions: ITags are allocated lowest free first (the first ATS.INVAL uses ITag 0, and ITag 0 is free
again after its completion or timeout); the `msg` payload of ATS.INVAL/ATS.PRGR is the command's PAYLOAD and
did = RID (DSV=0); IOFENCE.C that found a timeout does not write its DATA, and when re-executed after cmd_to
is cleared it completes normally. FQ with fie=0 (one 258 record).
""")
    t.c("Sv39 leaf for did 1: root 0x200000, root[1] -> 0x201000, L1[0] -> 0x202000, L0[0] = IOVA 0x40000000.")
    t.dc(1, TC_V, ta=0x11 << 12, fsc=atp(8, 0x200), cmt="PSCID 0x11, Sv39")
    t.mem(0x200008, pte(0x201, V), "root[1]")
    t.mem(0x201000, pte(0x202, V), "L1[0]")
    t.mem(0x202000, pte(0x80000, V | R | W | U | A | D), "L0[0]: PA 0x80000000")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    cq_on(t)
    t.blank()
    t.dma(1, 1, "read", 0x40000100)
    t.ok(1, 0x80000100)
    t.mem(0x202000, pte(0x90000, V | R | W | U | A | D), "L0[0] changed to PA 0x90000000")
    put(t, 0, iotinval(0, av=1, pscv=1, pscid=0x11, addr=0x40000000), "IOTINVAL.VMA AV=1 PSCV=1 PSCID=0x11 ADDR 0x40000000")
    put(t, 1, iofence(av=1, data=0x1234, addr=0x480000), "IOFENCE.C AV=1 DATA 0x1234 ADDR 0x480000")
    t.write("cqt", 2)
    t.memwr4(0x480000, 0x1234, why="IOFENCE.C completion")
    t.poll("cqh", 0xffffffff, 2, 2)
    t.dma(2, 1, "read", 0x40000100)
    t.ok(2, 0x90000100, "new PTE")
    t.mem(0x100040, 0x0, "DC of did 1: tc.V=0")
    put(t, 2, iodir(0, dv=1, did=1), "IODIR.INVAL_DDT DV=1 DID=1")
    put(t, 3, iofence(av=1, data=0x2, addr=0x480004), "IOFENCE.C AV=1 DATA 2 ADDR 0x480004")
    t.write("cqt", 4)
    t.memwr4(0x480004, 0x2)
    t.poll("cqh", 0xffffffff, 4, 4)
    t.dma(3, 1, "read", 0x40000000)
    t.fault_rec(3, 258, 0, "read", 1, 0x40000000, why="DC now invalid")
    put(t, 4, iotinval(1, gv=1, gscid=5), "IOTINVAL.GVMA GV=1 GSCID=5")
    put(t, 5, iodir(1, dv=1, did=1, pid=3), "IODIR.INVAL_PDT DV=1 DID=1 PID=3")
    put(t, 6, iotinval(0, av=1, nl=1, addr=0x40000000), "IOTINVAL.VMA AV=1 NL=1 (capabilities.NL=1)")
    put(t, 7, iotinval(0, av=1, s=1, addr=0x40007000), "IOTINVAL.VMA AV=1 S=1: range 0x40000000-0x4000ffff (capabilities.S=1)")
    put(t, 8, iotinval(0), "IOTINVAL.VMA all")
    put(t, 9, iofence(av=1, pr=1, pw=1, data=0x3, addr=0x480008), "IOFENCE.C PR=PW=1 AV=1 DATA 3")
    t.write("cqt", 10)
    t.memwr4(0x480008, 0x3)
    t.poll("cqh", 0xffffffff, 10, 10)
    put(t, 10, atscmd(0, 0x12345000, pid=0x33, pv=1, rid=0x105), "ATS.INVAL RID 0x105 PV=1 PID 0x33, PAYLOAD addr 0x12345000 (G=0,S=0)")
    put(t, 11, iofence(av=1, data=0x4, addr=0x48000c), "IOFENCE.C AV=1 DATA 4")
    t.write("cqt", 12)
    t.msg_inval(261, 0, 0x12345000, pid=51)
    t.cmd("invcpl did=261 itags=0x1", "completion for ITag 0")
    t.memwr4(0x48000c, 0x4, why="fence completes after the completion")
    t.poll("cqh", 0xffffffff, 12, 12)
    put(t, 12, atscmd(1, (0x1a5 << 32) | (0x0 << 44), pid=0x44, pv=1, rid=0x106), "ATS.PRGR RID 0x106 PID 0x44, PRGI 0x1a5, code 0 (Success)")
    put(t, 13, atscmd(0, 0x7000 | (1 << 11) | 1, rid=0x106), "ATS.INVAL RID 0x106 no PASID, PAYLOAD 0x7000 | S(11) | G(0)")
    put(t, 14, iofence(av=1, data=0x5, addr=0x480010), "IOFENCE.C AV=1 DATA 5")
    t.write("cqt", 15)
    t.msg_prgr(262, 0x1a500000000, pid=68)
    t.msg_inval(262, 0, 0x7801)
    t.cmd("atstimeout", "the invalidation times out")
    t.poll("cqcsr", 0x20200, 0x200, 0x10201, "cmd_to=1: cqon|cmd_to|cqen")
    t.read("cqh", 14, "cqh at the IOFENCE.C that saw the timeout; its DATA not written")
    t.write("cqcsr", 0x201, "W1C cmd_to, keep cqen")
    t.memwr4(0x480010, 0x5, why="IOFENCE.C re-executed, completes")
    t.poll("cqh", 0xffffffff, 15, 15)
    t.poll("cqcsr", 0x30000, 0x10000, 0x10001, "cmd_to cleared")
    # illegal commands
    put(t, 15, (5, 0), "opcode 5: reserved")
    t.write("cqt", 16)
    t.poll("cqcsr", 0x20400, 0x400, 0x10401, "cmd_ill=1")
    t.read("cqh", 15)
    for c, cm in [(iofence(wsi=1), "IOFENCE.C WSI=1 while fctl.WSI=0 (reserved)"),
                  (iotinval(1, pscv=1, pscid=1), "IOTINVAL.GVMA PSCV=1 (illegal)"),
                  (iodir(1, pid=1, did=1), "IODIR.INVAL_PDT DV=0 (illegal)"),
                  ((1 | 1 << 11, 0), "IOTINVAL.VMA reserved bit 11")]:
        put(t, 15, c, cm)
        t.write("cqcsr", 0x401, "W1C cmd_ill: resumes at cqh=15, re-reads it")
        t.poll("cqcsr", 0x20400, 0x400, 0x10401, "cmd_ill=1 again")
    put(t, 15, iofence(av=1, data=0x6, addr=0x480014), "IOFENCE.C AV=1 DATA 6")
    t.write("cqcsr", 0x401, "W1C cmd_ill")
    t.memwr4(0x480014, 0x6)
    t.poll("cqh", 0xffffffff, 16, 16)
    # cqmf on the fence write
    t.memerr(0x480018, "access", "fence target faults")
    put(t, 16, iofence(av=1, data=0x7, addr=0x480018), "IOFENCE.C AV=1 DATA 7 to a faulting address")
    t.write("cqt", 17)
    t.memwr4(0x480018, 0x7, "access", "cqmf=1, cqh stays at 16")
    t.poll("cqcsr", 0x20100, 0x100, 0x10101, "cqmf=1")
    t.read("cqh", 16)
    t.memerr(0x480018, "ok")
    t.write("cqcsr", 0x101, "W1C cqmf")
    t.memwr4(0x480018, 0x7, why="re-executed")
    t.poll("cqh", 0xffffffff, 17, 17)
    # cqmf on a command fetch
    t.memerr(CQ + 17 * 16, "access", "CQ[17] dw0: fetch faults")
    t.write("cqt", 18)
    t.poll("cqcsr", 0x20100, 0x100, 0x10101, "cqmf=1 (command fetch)")
    t.read("cqh", 17)
    t.memerr(CQ + 17 * 16, "ok")
    put(t, 17, iofence(av=1, data=0x8, addr=0x48001c), "IOFENCE.C AV=1 DATA 8")
    t.write("cqcsr", 0x101, "W1C cqmf")
    t.memwr4(0x48001c, 0x8)
    t.poll("cqh", 0xffffffff, 18, 18)
    t.save()


def cq_wsi_fence():
    t = T("cq_wsi_fence", """
cq_wsi_fence: command-queue interrupt with wire-signaled interrupts (fctl.WSI=1, writable since IGS=BOTH;
written while Off with queues off). IOFENCE.C with WSI=1 sets cqcsr.fence_w_ip; with cie=1 that sets
ipsr.cip, which drives the wire icvec.civ (2). Clearing cip while fence_w_ip is still 1 leaves it set; after
fence_w_ip is cleared (W1C) cip clears. cmd_ill also sets cip.
Spec: iommu_in_memory_queues.adoc IOFENCE.C (WSI); iommu_registers.adoc cqcsr (fence_w_ip, cie), ipsr (cip,
"transitions again"), icvec, fctl.WSI.
""")
    t.write("fctl", 0x2, "WSI=1")
    t.read("fctl", 0x2)
    t.write("icvec", 0x2, "civ=2")
    cq_on(t, cie=1)
    put(t, 0, iofence(wsi=1), "IOFENCE.C WSI=1")
    t.write("cqt", 1)
    t.irq(2, 1)
    t.poll("cqh", 0xffffffff, 1, 1)
    t.read("cqcsr", 0x10803, "cqon | fence_w_ip(11) | cie | cqen")
    t.read("ipsr", 0x1)
    t.write("ipsr", 0x1, "W1C cip, but fence_w_ip=1 and cie=1: stays 1")
    t.read("ipsr", 0x1)
    t.write("cqcsr", 0x803, "W1C fence_w_ip")
    t.poll("cqcsr", 0x30800, 0x10000, 0x10003)
    t.write("ipsr", 0x1, "now cip clears")
    t.irq(2, 0)
    t.read("ipsr", 0x0)
    put(t, 1, iofence(av=1, data=0xab, addr=0x480000), "IOFENCE.C WSI=0 AV=1: no interrupt")
    t.write("cqt", 2)
    t.memwr4(0x480000, 0xab)
    t.poll("cqh", 0xffffffff, 2, 2)
    put(t, 2, (6, 0), "opcode 6: reserved")
    t.write("cqt", 3)
    t.irq(2, 1)
    t.poll("cqcsr", 0x20400, 0x400, 0x10403, "cmd_ill")
    t.read("ipsr", 0x1)
    t.save()


def page_requests():
    def pl(addr, prgi, r=0, w=0, l=0):
        return r | w << 1 | l << 2 | prgi << 3 | (addr & ~0xfff)

    t = T("page_requests", """
page_requests: PCIe "Page Request" messages (pgreq) and the page-request queue (pqb at 0x500000, 2 entries,
so one record fits). Record: dw0 = PID 31:12 | PV 32 | PRIV 33 | EXEC 34 | DID 63:40; dw1 = PAYLOAD = R 0 | W 1 |
L 2 | PRGI 11:3 | page address 63:12. Errors: queue full -> pqof (no record); while pqof or pqmf is 1 every
message is discarded; a discarded message with L=1 gets an IOMMU-generated Page Request Group Response
(`msg type=prgr`) with status Success (full/overflow), Response Failure (queue off, pqmf), Invalid Request
(EN_PRI=0, cause 260 recorded with TTYP 9); L=0 messages and Stop Markers are silently discarded; PRPR=1
adds the PASID to Success/Invalid Request responses, Response Failure always carries it. pie=0.
Spec: iommu_in_memory_queues.adoc "Page-Request-Queue (PQ)"; iommu_data_structures.adoc "PCIe ATS Page
Request handling"; iommu_registers.adoc pqb, pqh, pqt, pqcsr (pqmf 8, pqof 9, pqon 16, busy 17).
Assumptions: the response payload uses the ATS.PRGR PAYLOAD layout (PRGI 40:32, response code 47:44:
0 Success, 1 Invalid Request, 0xf Response Failure); the 260 record for EN_PRI=0 has TTYP 9 (PCIe message),
iotval = message code 0x4 (Page Request), PV/PID/PRIV from the message, and is written before the response;
record doublewords are written dw0 then dw1.
""")
    t.dc(1, TC_V | TC_EN_ATS | TC_EN_PRI | TC_PRPR, cmt="EN_ATS | EN_PRI | PRPR")
    t.dc(2, TC_V | TC_EN_ATS | TC_EN_PRI, cmt="EN_ATS | EN_PRI, PRPR=0")
    t.dc(3, TC_V | TC_EN_ATS, cmt="EN_PRI=0")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.write("pqb", (0x500 << 10) | 0, "PQ at 0x500000, LOG2SZ-1=0 (2 entries)")
    t.write("pqh", 0)
    t.write("pqcsr", 0x1, "pqen, pie=0")
    t.poll("pqcsr", 0x30000, 0x10000, 0x10001)
    t.blank()
    t.cmd("pgreq did=1 addr=0x12345abc pid=7 priv=s exec=1 r=1 last=1 prgi=0x1a5")
    p = pl(0x12345000, 0x1a5, r=1, l=1)
    t.memwr8(PQ, 7 << 12 | 1 << 32 | 1 << 33 | 1 << 34 | 1 << 40, why="PQ record dw0: PID 7 | PV | PRIV | EXEC | DID 1")
    t.memwr8(PQ + 8, p, why="PAYLOAD R|L|PRGI<<3|address")
    t.read("pqt", 1)
    t.cmd("pgreq did=2 addr=0x5000 r=1 last=1 prgi=3", "pqt=1 == pqh-1 (mod 2): full")
    t.msg_prgr(2, 3 << 32, why="pqof set; auto response Success")
    t.cmd("pgreq did=1 addr=0x6000 pid=9 r=1 last=1 prgi=4", "pqof=1: discarded")
    t.msg_prgr(1, 4 << 32, pid=9, why="Success, PRPR=1: with PASID")
    t.cmd("pgreq did=1 addr=0x7000 pid=9 r=1 last=0 prgi=4", "L=0: silently discarded")
    t.read("pqcsr", 0x10201, "pqon | pqof | pqen")
    t.cmd("pgreq did=3 addr=0x8000 pid=5 r=1 last=1 prgi=6", "EN_PRI=0")
    t.record(0, 260, "msg", 3, 0x4, pid=5)
    t.msg_prgr(3, 6 << 32 | 1 << 44, why="Invalid Request, PRPR=0: no PASID")
    t.write("pqcsr", 0x201, "W1C pqof")
    t.poll("pqcsr", 0x30200, 0x10000, 0x10001)
    t.write("pqh", 1, "software consumed slot 0: empty (pqh=pqt=1)")
    t.cmd("pgreq did=2 addr=0xabc000 r=1 w=1 last=0 prgi=0x1ff")
    t.memwr8(PQ + 16, 2 << 40, why="slot 1 dw0: DID 2, no PASID")
    t.memwr8(PQ + 24, pl(0xabc000, 0x1ff, r=1, w=1))
    t.read("pqt", 0, "wrapped")
    t.write("pqcsr", 0x0, "pqen=0")
    t.poll("pqcsr", 0x30000, 0x0, 0x0)
    t.cmd("pgreq did=1 addr=0x9000 pid=9 r=1 last=1 prgi=7", "queue off")
    t.msg_prgr(1, 7 << 32 | 0xf << 44, pid=9, why="Response Failure, with PASID")
    t.cmd("pgreq did=1 addr=0x0 pid=9 last=1 prgi=8", "Stop Marker (R=W=0, L=1) while off: discarded")
    t.cmd("pgreq did=2 addr=0x9000 r=1 last=1 prgi=9", "queue off, no PASID")
    t.msg_prgr(2, 9 << 32 | 0xf << 44, why="Response Failure")
    t.write("pqh", 0)
    t.memerr(PQ + 8, "access", "slot 0 dw1 faults")
    t.write("pqcsr", 0x1, "pqen again: pqt=0")
    t.poll("pqcsr", 0x30000, 0x10000, 0x10001)
    t.cmd("pgreq did=2 addr=0xa000 w=1 last=1 prgi=10")
    t.memwr8(PQ, 2 << 40)
    t.memwr8(PQ + 8, pl(0xa000, 10, w=1, l=1), "access", "pqmf=1")
    t.msg_prgr(2, 10 << 32 | 0xf << 44, why="pqmf: Response Failure")
    t.read("pqcsr", 0x10101, "pqon | pqmf | pqen")
    t.read("pqt", 0)
    t.save()


def msi_interrupts():
    t = T("msi_interrupts", """
msi_interrupts: IOMMU interrupts as MSIs (fctl.WSI=0 at reset, IGS=BOTH). An interrupt-pending bit going
0->1 sends one 4-byte MSI with msi_data_x to msi_addr_x, x = icvec field of the cause; no MSI while the bit
stays 1; vector control M=1 holds the message until M is cleared; an access fault on the MSI write is
recorded as cause 273, TTYP 0, iotval = msi_addr; fqof also raises fip. cip from cmd_ill uses civ.
msi_cfg_tbl entry x: msi_addr at offset 768+16x (8 bytes), msi_data at +8 (4 bytes), msi_vec_ctl at +12 (4).
Faults come from ddtp Off (cause 256, record dw0 = 256 | TTYP<<34 | DID<<40, iotval = IOVA).
Spec: iommu_registers.adoc ipsr ("MSI have edge semantics"), icvec, "MSI configuration table", fqcsr;
iommu_in_memory_queues.adoc fault queue (fqof), cause 273.
Assumption: a MSI held by M=1 is sent when M is cleared even though fip is still 1 (it is cleared only after).
""")
    t.write("icvec", 0x9035, "civ(3:0)=5, fiv(7:4)=3, pmiv(11:8)=0, piv(15:12)=9")
    t.write("816", 0xa0003000, "msi_addr_3", size=8)
    t.write("824", 0x33, "msi_data_3", size=4)
    t.write("828", 0x0, "msi_vec_ctl_3: M=0", size=4)
    t.write("848", 0xa0005000, "msi_addr_5", size=8)
    t.write("856", 0x55, "msi_data_5", size=4)
    t.write("860", 0x0, "msi_vec_ctl_5", size=4)
    t.read("816", 0xa0003000)
    t.read("824", 0x33)
    t.fq_on(3, fie=1)
    t.blank()
    t.dma(1, 1, "read", 0x1000)
    t.record(0, 256, "read", 1, 0x1000)
    t.memwr4(0xa0003000, 0x33, why="fip 0->1: MSI of vector 3")
    t.fault(1, 256)
    t.dma(2, 1, "read", 0x2000)
    t.record(1, 256, "read", 1, 0x2000)
    t.fault(2, 256, "fip already 1: no MSI")
    t.write("ipsr", 0x2, "W1C fip")
    t.dma(3, 1, "write", 0x3000)
    t.record(2, 256, "write", 1, 0x3000)
    t.memwr4(0xa0003000, 0x33)
    t.fault(3, 256)
    t.write("828", 0x1, "M=1: vector 3 masked", size=4)
    t.write("ipsr", 0x2)
    t.dma(4, 1, "read", 0x4000)
    t.record(3, 256, "read", 1, 0x4000)
    t.fault(4, 256, "fip 0->1 but masked: pending")
    t.write("828", 0x0, "unmask", size=4)
    t.memwr4(0xa0003000, 0x33, why="pending MSI sent")
    t.write("ipsr", 0x2)
    t.memerr(0xa0003000, "access")
    t.dma(5, 1, "read", 0x5000)
    t.record(4, 256, "read", 1, 0x5000)
    t.memwr4(0xa0003000, 0x33, "access", "MSI write faults")
    t.record(5, 273, "none", 0, 0xa0003000)
    t.fault(5, 256)
    t.read("fqt", 6)
    t.read("ipsr", 0x2)
    t.memerr(0xa0003000, "ok")
    t.write("icvec", 0x9055, "fiv=5")
    t.write("ipsr", 0x2)
    t.dma(6, 1, "read", 0x6000)
    t.record(6, 256, "read", 1, 0x6000)
    t.memwr4(0xa0005000, 0x55, why="vector 5")
    t.fault(6, 256)
    t.write("ipsr", 0x2, "fqt=7, fqh=0: queue full")
    t.dma(7, 1, "read", 0x7000)
    t.memwr4(0xa0005000, 0x55, why="fqof=1 sets fip: MSI, no record")
    t.fault(7, 256)
    t.read("fqcsr", 0x10203, "fqon | fqof | fie | fqen")
    t.blank()
    t.write("912", 0xa0009000, "msi_addr_9 (piv; unused)", size=8)
    t.write("928", 0xa000a000, "msi_addr_10", size=8)
    t.write("936", 0xaa, "msi_data_10", size=4)
    t.write("940", 0x0, "msi_vec_ctl_10", size=4)
    t.write("icvec", 0x905a, "civ=10, fiv=5")
    cq_on(t, cie=1)
    put(t, 0, (5, 0), "opcode 5: reserved -> cmd_ill")
    t.write("cqt", 1)
    t.memwr4(0xa000a000, 0xaa, why="cip 0->1: MSI of vector 10")
    t.poll("cqcsr", 0x20400, 0x400, 0x10403)
    t.read("ipsr", 0x3, "cip | fip")
    t.save()


def hpm():
    t = T("hpm", """
hpm: performance monitor (31 counters of 64 bits). Observed without a clock: iohpmcycles is inhibited
(iocountinh.CY) so it keeps the written value; event counters for events 1 (untranslated requests) and
2 (translated requests) with device_id filters (exact, and DMASK partial match: DID_GSCID 0b011 with DMASK
masks bits 2:0, so dids 0-7 match), inhibit of one counter, overflow of a 64-bit counter (wraps to 0, OF
set in iohpmevt, shadowed in iocountovf, ipsr.pmip set; the MSI is held by the vector mask until unmasked).
Offsets: iohpmctrX = 104+8(X-1), iohpmevtX = 352+8(X-1). evt: eventID 14:0, DMASK 15, PID_PSCID 35:16,
DID_GSCID 59:36, PV_PSCV 60, DV_GSCV 61, IDT 62, OF 63. Every request here succeeds (hpm_events: faulting ones count too).
Spec: iommu_registers.adoc iocountovf, iocountinh, iohpmcycles, iohpmctr, iohpmevt (filtering table, DMASK,
standard events), ipsr.pmip, msi_cfg_tbl.
""")
    t.dc(1, TC_V | TC_EN_ATS, cmt="Bare/Bare, EN_ATS")
    t.dc(2, TC_V | TC_EN_ATS)
    t.dc(9, TC_V | TC_EN_ATS)
    t.fq_on()
    t.ddtp(2)
    t.write("icvec", 0x400, "pmiv=4")
    t.write("832", 0xa0004000, "msi_addr_4", size=8)
    t.write("840", 0x44, "msi_data_4", size=4)
    t.write("844", 0x1, "msi_vec_ctl_4: masked", size=4)
    t.write("iocountinh", 0xffffffff, "inhibit everything while programming")
    t.read("iocountinh", 0xffffffff)
    t.write("iohpmcycles", 0x1234)
    t.read("iohpmcycles", 0x1234, "inhibited: does not count")
    t.write("352", 0x1, "iohpmevt1: event 1, no filter", size=8)
    t.write("104", 0x0, "iohpmctr1", size=8)
    t.write("360", 0x2 | 1 << 61 | 1 << 36, "iohpmevt2: event 2, DV_GSCV, DID 1", size=8)
    t.write("112", 0x100, "iohpmctr2", size=8)
    t.write("376", 0x1, "iohpmevt4: event 1, OF=0", size=8)
    t.write("128", 0xffffffffffffffff, "iohpmctr4: overflows on the next event", size=8)
    t.write("384", 0x1 | 1 << 15 | 0x3 << 36 | 1 << 61, "iohpmevt5: event 1, DMASK, DID_GSCID 0b011, DV_GSCV", size=8)
    t.write("136", 0x0, "iohpmctr5", size=8)
    t.write("iocountinh", 0xffffffc9, "counting: ctr1, ctr2, ctr4, ctr5 (bits 1,2,4,5 clear); CY inhibited")
    t.dma(1, 1, "read", 0x1000)
    t.ok(1, 0x1000)
    t.dma(2, 1, "write", 0x2000)
    t.ok(2, 0x2000)
    t.dma(3, 2, "read", 0x3000)
    t.ok(3, 0x3000)
    t.dma(4, 9, "read", 0x4000, cmt="did 9: outside the DMASK range")
    t.ok(4, 0x4000)
    t.dma(5, 1, "tread", 0x5000)
    t.ok(5, 0x5000)
    t.dma(6, 2, "tread", 0x6000, cmt="did 2: not counted by ctr2")
    t.ok(6, 0x6000)
    t.write("iocountinh", 0xffffffcb, "also inhibit ctr1")
    t.dma(7, 1, "read", 0x7000)
    t.ok(7, 0x7000)
    t.read("104", 4, "ctr1: 4 untranslated before it was inhibited")
    t.read("112", 0x101, "ctr2: one translated request from did 1")
    t.read("128", 4, "ctr4: wrapped to 0 at the first, then 4 more (untranslated 2,3,4,7)")
    t.read("136", 4, "ctr5: dids 1,1,2,1")
    t.read("376", 0x1 | 1 << 63, "iohpmevt4.OF set")
    t.read("iocountovf", 0x10, "bit 4")
    t.read("ipsr", 0x4, "pmip")
    t.read("iohpmcycles", 0x1234)
    t.write("844", 0x0, "unmask vector 4", size=4)
    t.memwr4(0xa0004000, 0x44, why="held pmip MSI")
    t.save()


def debug_tr():
    t = T("debug_tr", """
debug_tr: debug translation-request interface (capabilities.DBG=1): write tr_req_iova, then tr_req_ctl with
Go/Busy; the IOMMU clears Go/Busy when done and tr_response holds fault 0 | PBMT 8:7 | S 9 | PPN 53:10.
tr_req_ctl: Go 0, Priv 1, Exe 2, NW 3 (1 = read only), PID 31:12, PV 32, DID 63:40. A fault is recorded in the
FQ (TTYP of the equivalent untranslated request); tr_response is not read after a fault because its PPN/PBMT/S
are UNSPECIFIED then. Only 4 KiB pages are used (an implementation may report a superpage as 4 KiB).
Spec: iommu_debug.adoc; iommu_registers.adoc tr_req_iova, tr_req_ctl, tr_response.
Assumption: NW=0 is recorded as an untranslated write (TTYP 3).
""")
    t.dc(1, TC_V, fsc=atp(8, 0x200), cmt="Sv39")
    t.mem(0x200008, pte(0x201, V), "root[1]")
    t.mem(0x201000, pte(0x202, V), "L1[0]")
    t.mem(0x202008, (1 << 61) | pte(0x80001, V | R | W | U | A | D), "L0[1]: PBMT=NC, PA 0x80001000")
    t.mem(0x202010, pte(0x80002, V | R | X | U | A), "L0[2]: R+X, PA 0x80002000")
    t.fq_on()
    t.ddtp(2)
    t.write("tr_req_iova", 0x40001000)
    t.write("tr_req_ctl", 0x1 | 0x8 | 1 << 40, "Go | NW | DID 1")
    t.poll("tr_req_ctl", 0x1, 0x0, 0x10000000008)
    t.read("tr_response", 0x80001 << 10 | 1 << 7, "PPN 0x80001, PBMT=1, S=0, fault=0")
    t.write("tr_req_iova", 0x40002000)
    t.write("tr_req_ctl", 0x1 | 0x4 | 0x8 | 1 << 40, "Go | Exe | NW | DID 1")
    t.poll("tr_req_ctl", 0x1, 0x0, 0x1000000000c)
    t.read("tr_response", 0x80002 << 10)
    t.write("tr_req_ctl", 0x1 | 1 << 40, "Go, NW=0 (read+write) on the R+X page")
    t.record(0, 15, "write", 1, 0x40002000)
    t.poll("tr_req_ctl", 0x1, 0x0, 0x10000000000)
    t.save()


for f in [command_queue, cq_wsi_fence, page_requests, msi_interrupts, hpm, debug_tr]:
    f()
