# Hand-written expectations (see ../README.md). Registers, DDT, DC checks, QoS IDs. Not a model of the IOMMU.
from lib import *

CAPS = (0x10 | 1 << 8 | 1 << 9 | 1 << 10 | 1 << 11 | 1 << 14 | 1 << 15 | 0xf << 16 | 1 << 21 | 1 << 22 | 1 << 23
        | 1 << 24 | 1 << 25 | 1 << 26 | 2 << 28 | 1 << 30 | 1 << 31 | 56 << 32 | 1 << 38 | 1 << 39 | 1 << 40
        | 1 << 41 | 1 << 42 | 1 << 43)


def caps_regs():
    t = T("caps_regs", """
caps_regs: register values of config/full.cfg that software can observe without any traffic:
capabilities, fctl WARL (BE read-only 0 since END=0, WSI and GXL writable, reset 0), ddtp modes 2LVL/3LVL
accepted, iommu_qosid WARL to 4-bit RCID/MCID, icvec WARL to 16 vectors, queue head/tail WARL to LOG2SZ,
ipsr reset 0, tr_req_iova reserved bits 11:0 read 0.
Spec: iommu_registers.adoc "Register layout", "Reset behavior", capabilities, fctl, ddtp, cqb/cqt, fqb/fqh,
pqb/pqh, iommu_qosid, icvec, tr_req_iova; docs/config.md (full.cfg column).
capabilities = version 0x10 | Sv32 b8 | Sv39 b9 | Sv48 b10 | Sv57 b11 | Svrsw60t59b b14 | Svpbmt b15
 | Sv32x4..Sv57x4 b16-19 | AMO_MRIF b21 | MSI_FLAT b22 | MSI_MRIF b23 | AMO_HWAD b24 | ATS b25 | T2GPA b26
 | END b27=0 | IGS=BOTH(2) b29:28 | HPM b30 | DBG b31 | PAS=56 b37:32 | PD8 b38 | PD17 b39 | PD20 b40
 | QOSID b41 | NL b42 | S b43.
Only registers whose reset value the spec fixes (ipsr, ddtp busy) or config.md fixes (fctl) are read
before being written.
""")
    t.read("capabilities", CAPS)
    t.read("fctl", 0x0, "config.md: reset BE 0, WSI 0, GXL 0")
    t.read("ipsr", 0x0, "spec Reset behavior: ipsr resets to 0")
    t.write("fctl", 0x7, "BE|WSI|GXL: BE is not writable (END=0)")
    t.read("fctl", 0x6, "WSI(1) | GXL(2)")
    t.write("fctl", 0x0)
    t.read("fctl", 0x0)
    t.ddtp(3, "PPN 0x100 | iommu_mode 2LVL (3)")
    t.ddtp(0, "back to Off")
    t.ddtp(4, "PPN 0x100 | iommu_mode 3LVL (4), from Off")
    t.ddtp(0, "back to Off")
    t.write("iommu_qosid", 0xffffffff, "RCID 11:0, MCID 27:16 WARL; 4 bits each implemented")
    t.read("iommu_qosid", 0x000f000f)
    t.write("icvec", 0xffffffffffffffff, "civ/fiv/pmiv/piv 4 bits each, all 16 vectors exist; 63:16 read 0")
    t.read("icvec", 0xffff)
    t.write("cqb", (0x400 << 10) | 3, "CQ at 0x400000, LOG2SZ-1=3 (16 entries)")
    t.read("cqb", 0x100003)
    t.write("cqt", 0xffffffff, "only bits LOG2SZ-1:0 = 3:0 writable")
    t.read("cqt", 0xf)
    t.write("fqb", (0x300 << 10) | 2, "FQ at 0x300000, 8 entries")
    t.read("fqb", 0xc0002)
    t.write("fqh", 0xffffffff, "only bits 2:0 writable")
    t.read("fqh", 0x7)
    t.write("pqb", (0x500 << 10) | 1, "PQ at 0x500000, 4 entries (present: ATS=1)")
    t.read("pqb", 0x140001)
    t.write("pqh", 0xffffffff, "only bits 1:0 writable")
    t.read("pqh", 0x3)
    t.write("tr_req_iova", 0x40001abc, "bits 11:0 reserved (read-only zero)")
    t.read("tr_req_iova", 0x40001000)
    t.save()


def ddt_2lvl():
    t = T("ddt_2lvl", """
ddt_2lvl: two-level DDT with extended-format DCs (capabilities.MSI_FLAT=1: DDI[0]=did[5:0],
DDI[1]=did[14:6], DDI[2]=did[23:15]; DC is 64 bytes). Non-leaf DDT entry: V bit 0, reserved 9:1, PPN 53:10,
reserved 63:54. Checks: a good walk; non-leaf V=0 (258); reserved bits in a non-leaf entry (259, low and high
reserved fields); access fault (257) and data corruption (268) on the non-leaf entry; access fault on the
leaf DC (257); device_id wider than 2LVL supports (DDI[2]!=0 -> 260, recorded: no DC located, DTF taken as 0).
Spec: iommu_data_structures.adoc "Device-Directory-Table (DDT)", "Non-leaf DDT entry", "Process to locate
the Device-context" steps 1-9, "Process to translate an IOVA" steps 4-5; fault-record table.
All DCs have iohgatp=iosatp=Bare, so a successful request translates to pa = IOVA.
FQ at 0x300000 with fie=0 (no interrupt). Faulting IOVAs are page aligned (iotval page offset is allowed to be 0).
""")
    t.c("Root DDT at 0x100000 (ddtp 0x40003). Leaf DDT page 0x101000.")
    t.mem(0x100000 + 7 * 8, pte(0x101, V), "root[DDI[1]=7] -> 0x101000 (V=1)")
    t.dc(0x1c5, TC_V, leaf=0x101000, cmt="did 0x1c5: DDI[1]=7, DDI[0]=5; V=1, everything Bare")
    t.mem(0x100000 + 8 * 8, 0x0, "root[8]: V=0")
    t.mem(0x100000 + 9 * 8, pte(0x102, V) | (1 << 1), "root[9]: V=1 with reserved bit 1 set")
    t.memerr(0x100000 + 10 * 8, "access", "root[10]: access fault")
    t.memerr(0x100000 + 11 * 8, "corrupt", "root[11]: data corruption")
    t.mem(0x100000 + 12 * 8, pte(0x103, V) | (1 << 63), "root[12]: V=1 with reserved bit 63 set")
    t.memerr(0x101000 + 6 * 64, "access", "DC of did 0x1c6 (DDI[1]=7, DDI[0]=6), its tc doubleword: access fault")
    t.blank()
    t.fq_on()
    t.ddtp(3, "PPN 0x100 | iommu_mode 2LVL (3)")
    t.blank()
    t.dma(1, 0x1c5, "read", 0x12345678, cmt="root[7] -> DC at 0x101140")
    t.ok(1, 0x12345678, "Bare/Bare")
    t.dma(2, 0x205, "write", 0x1000, cmt="DDI[1]=8")
    t.fault_rec(2, 258, 0, "write", 0x205, 0x1000, why="non-leaf DDT entry V=0")
    t.dma(3, 0x245, "read", 0x2000, cmt="DDI[1]=9")
    t.fault_rec(3, 259, 1, "read", 0x245, 0x2000, why="reserved bit in non-leaf DDT entry")
    t.dma(4, 0x285, "exec", 0x3000, cmt="DDI[1]=10")
    t.fault_rec(4, 257, 2, "exec", 0x285, 0x3000, why="DDT entry load access fault")
    t.dma(5, 0x2c5, "read", 0x4000, cmt="DDI[1]=11")
    t.fault_rec(5, 268, 3, "read", 0x2c5, 0x4000, why="DDT data corruption")
    t.dma(6, 0x305, "read", 0x5000, cmt="DDI[1]=12")
    t.fault_rec(6, 259, 4, "read", 0x305, 0x5000, why="reserved bit 63 in non-leaf DDT entry")
    t.dma(7, 0x1c6, "read", 0x6000, cmt="leaf DC read faults")
    t.fault_rec(7, 257, 5, "read", 0x1c6, 0x6000, why="DC access fault")
    t.dma(8, 0x8005, "read", 0x7000, cmt="did[23:15]=1: DDI[2]!=0 in 2LVL")
    t.fault_rec(8, 260, 6, "read", 0x8005, 0x7000, why="device_id too wide; no DC, DTF assumed 0")
    t.dma(9, 0x1c5, "write", 0x9abc, cmt="good device again")
    t.ok(9, 0x9abc)
    t.read("fqt", 7)
    t.save()


def ddt_3lvl():
    did = 0x123456
    d0, d1, d2 = did & 0x3f, (did >> 6) & 0x1ff, did >> 15
    t = T("ddt_3lvl", f"""
ddt_3lvl: three-level DDT (ddtp.iommu_mode 3LVL=4) with extended-format DCs. did {hx(did)}:
DDI[2]=did[23:15]={hx(d2)}, DDI[1]=did[14:6]={hx(d1)}, DDI[0]=did[5:0]={hx(d0)}. A good walk to an Sv39 DC;
V=0 at the middle level and at the root level (258); full 24-bit device_id accepted.
Spec: iommu_data_structures.adoc "Process to locate the Device-context" (LEVELS=3), "Non-leaf DDT entry";
supervisor.adoc Sv39. FQ with fie=0.
""")
    t.mem(0x100000 + d2 * 8, pte(0x101, V), f"root[{hx(d2)}] -> 0x101000")
    t.mem(0x101000 + d1 * 8, pte(0x102, V), f"mid[{hx(d1)}] -> 0x102000")
    t.dc(did, TC_V, fsc=atp(8, 0x200), leaf=0x102000, cmt="Sv39, root table 0x200000")
    t.mem(0x200000 + 1 * 8, pte(0x201, V), "Sv39 root[1] -> 0x201000")
    t.mem(0x201000 + 0 * 8, pte(0x202, V), "L1[0] -> 0x202000")
    t.mem(0x202000 + 5 * 8, pte(0x87654, V | R | W | U | A | D), "L0[5]: 4 KiB leaf PA 0x87654000")
    t.mem(0x101000 + (d1 + 1) * 8, 0x0, f"mid[{hx(d1 + 1)}]: V=0")
    t.mem(0x100000 + (d2 + 1) * 8, 0x0, f"root[{hx(d2 + 1)}]: V=0")
    t.blank()
    t.fq_on()
    t.ddtp(4, "PPN 0x100 | iommu_mode 3LVL (4)")
    t.blank()
    t.dma(1, did, "read", 0x40005321, cmt="VPN[2]=1, VPN[1]=0, VPN[0]=5")
    t.ok(1, 0x87654321)
    did2 = did + (1 << 6)
    t.dma(2, did2, "read", 0x40005000, cmt=f"did {hx(did2)}: same DDI[2], DDI[1]={hx(d1 + 1)}")
    t.fault_rec(2, 258, 0, "read", did2, 0x40005000, why="mid-level DDT entry V=0")
    did3 = did + (1 << 15)
    t.dma(3, did3, "write", 0x40005000, cmt=f"did {hx(did3)}: DDI[2]={hx(d2 + 1)}")
    t.fault_rec(3, 258, 1, "write", did3, 0x40005000, why="root DDT entry V=0")
    t.save()


def dc_checks():
    t = T("dc_checks", """
dc_checks: extended-format DC (64 bytes: tc, iohgatp, ta, fsc, msiptp, msi_addr_mask, msi_addr_pattern,
reserved) in a 1LVL DDT (DDI[0]=did[5:0], so did 0x40 is too wide), and the "Device-context configuration
checks" that the full configuration makes reachable. Each misconfigured DC gives 259 (DTF=0, so every
one is recorded). Plus two legal DCs: did 63 (last slot of the page) and SXL=1 with iosatp Bare
(legal since fctl.GXL is writable and 0; first stage Bare so no bit-31 IOVA check).
Spec: iommu_data_structures.adoc "Leaf DDT entry", "Device-context fields", "Device-context configuration
checks" (items cited per DC), "MSI address mask and pattern" (MGPAW = 59 since Sv57x4=1, so mask/pattern
bits 51:47 and 63:52 are reserved), "Process to translate an IOVA" step 5.
iohgatp used where a second stage is needed: MODE Sv39x4(8)<<60 | GSCID 1<<44 | PPN 0x600 (16 KiB aligned).
No request reaches a second-stage walk. FQ with fie=0.
""")
    HG = atp(8, 0x600, 1)
    t.dc(63, TC_V, cmt="legal, Bare/Bare")
    t.dc(1, TC_V, iohgatp=HG, msiptp=atp(2, 0x700), cmt="msiptp.MODE=2 reserved (item: MSI_FLAT=1 and msiptp.MODE not Off/Flat)")
    t.dc(2, TC_V, rsv=0x1, cmt="DC doubleword 7 (reserved) non-zero (item 1)")
    t.dc(3, TC_V, iohgatp=HG, msiptp=atp(1, 0x700), mask=1 << 63, cmt="msi_addr_mask bit 63 reserved (item 1)")
    t.dc(4, TC_V | TC_SBE, cmt="SBE=1 with END=0 and fctl.BE=0 (items: END=0 and fctl.BE != SBE; SBE not legal)")
    t.dc(5, TC_V, ta=0x10 << 40, cmt="ta.RCID=0x10 wider than qosid.rcid_bits=4 (last item)")
    t.dc(6, TC_V | TC_EN_PRI, cmt="EN_PRI=1 with EN_ATS=0")
    t.dc(7, TC_V | TC_EN_ATS | TC_T2GPA, cmt="T2GPA=1 with iohgatp.MODE Bare")
    t.dc(8, TC_V | TC_DPE, cmt="DPE=1 with PDTV=0")
    t.dc(9, TC_V | TC_PDTV, fsc=atp(4, 0x110), cmt="pdtp.MODE=4 reserved")
    t.dc(10, TC_V, iohgatp=atp(8, 0x601, 1), cmt="iohgatp Sv39x4 root PPN 0x601 not 16 KiB aligned")
    t.dc(11, TC_V, fsc=atp(11, 0x200), cmt="iosatp.MODE=11 reserved (SXL=0)")
    t.dc(12, TC_V, iohgatp=atp(11, 0x600, 1), cmt="iohgatp.MODE=11 reserved (fctl.GXL=0)")
    t.dc(13, TC_V | TC_EN_ATS | TC_PRPR, cmt="PRPR=1 with EN_PRI=0")
    t.dc(14, TC_V | (1 << 12), cmt="tc bit 12 reserved")
    t.dc(15, TC_V, iohgatp=HG, msiptp=atp(1, 0x700), pattern=1 << 47, cmt="msi_addr_pattern bit 47 reserved (MGPAW=59: bits 51:47)")
    t.dc(16, TC_V | TC_SXL, cmt="legal: SXL=1 (fctl.GXL=0 and writable), iosatp Bare")
    t.dc(17, TC_V, fsc=atp(9, 0x200) | (1 << 44), cmt="iosatp Sv48 with reserved bit 44 (bits 59:44 reserved)")
    t.blank()
    t.fq_on(5)
    t.ddtp(2, "PPN 0x100 | iommu_mode 1LVL (2)")
    t.blank()
    t.dma(1, 63, "read", 0x11223344, cmt="DC at 0x100fc0")
    t.ok(1, 0x11223344)
    t.dma(2, 0x40, "read", 0x1000, cmt="DDI[1]=1 in 1LVL")
    t.fault_rec(2, 260, 0, "read", 0x40, 0x1000, why="device_id wider than 1LVL (extended format: 6 bits)")
    slot = 1
    for i, did in enumerate([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17]):
        tag = 3 + i
        iova = 0x10000 * (i + 1)
        ttyp = ["read", "write", "exec"][i % 3]
        t.dma(tag, did, ttyp, iova)
        t.fault_rec(tag, 259, slot, ttyp, did, iova, why="DDT entry misconfigured")
        slot += 1
    t.dma(40, 16, "read", 0x100000000, cmt="SXL=1 but first stage Bare: no bit-31 check")
    t.ok(40, 0x100000000)
    t.read("fqt", slot)
    t.save()


def qosid():
    t = T("qosid", """
qosid: QoS ID extension with qosid.rcid_bits = qosid.mcid_bits = 4. iommu_qosid RCID (11:0) and MCID (27:16)
are WARL to 4 bits; DC.ta.RCID (51:40) and MCID (63:52) up to 0xf are legal, wider values are a DC
misconfiguration (259). (RCID/MCID values themselves are not observable in the transaction log.)
Spec: iommu_registers.adoc iommu_qosid; iommu_data_structures.adoc "Translation attributes (ta)", DC
configuration checks (last item); iommu_extensions.adoc QoS ID extension.
""")
    t.dc(1, TC_V, ta=(0xf << 52) | (0xf << 40), cmt="RCID=MCID=0xf: legal")
    t.dc(2, TC_V, ta=(0x10 << 40), cmt="RCID=0x10: too wide")
    t.dc(3, TC_V, ta=(0x10 << 52), cmt="MCID=0x10: too wide")
    t.blank()
    t.write("iommu_qosid", 0xffffffff)
    t.read("iommu_qosid", 0x000f000f, "RCID 4 bits, MCID 4 bits, reserved bits 0")
    t.write("iommu_qosid", 0x00050003)
    t.read("iommu_qosid", 0x00050003)
    t.fq_on()
    t.ddtp(2)
    t.dma(1, 1, "read", 0xabc000)
    t.ok(1, 0xabc000)
    t.dma(2, 2, "read", 0x1000)
    t.fault_rec(2, 259, 0, "read", 2, 0x1000, why="RCID wider than 4 bits")
    t.dma(3, 3, "write", 0x2000)
    t.fault_rec(3, 259, 1, "write", 3, 0x2000, why="MCID wider than 4 bits")
    t.save()


for f in [caps_regs, ddt_2lvl, ddt_3lvl, dc_checks, qosid]:
    f()
