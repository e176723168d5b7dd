# Hand-written expectations for the directed tests (see regen.sh). Not a model of the IOMMU.
from lib import *
from tests1 import OUT, common_pt_comment


def simple_map(t, cmt="root[0] -> L1 0x201000, L1[0] -> L0 0x202000, L0[1]: leaf PA 0x80001000 (IOVA 0x1000), 0xdf"):
    t.c(cmt)
    t.mem(ROOT + 0, pte(0x201, V), "root[0] -> L1 0x201000")
    t.mem(0x201000, pte(0x202, V), "L1[0] -> L0 0x202000")
    t.mem(0x202000 + 8, pte(0x80001, V | R | W | X | U | A | D), "L0[1]: leaf PPN 0x80001, V|R|W|X|U|A|D = 0xdf")


# ---------------------------------------------------------------- ddt_faults
def ddt_faults():
    t = T("ddt_faults", """
ddt_faults: faults of the mode checks and of locating the device context in 1LVL mode:
ddtp.iommu_mode Off (256, for an untranslated and a translated request), DC load access fault (257, on
the first DC doubleword and on the last one), DDT data corruption (268), DC not valid (258, with tc all 0
and with tc.V=0 but the other bits set: "all other bits in DC are don't-care"). Then a good translation.
Spec: iommu_data_structures.adoc "Process to translate an IOVA" step 1, "Process to locate the
Device-context" steps 8 and 9; cause table in iommu_in_memory_queues.adoc; iotval = IOVA for every
transaction fault ("If the TTYP is a transaction with an IOVA, the IOVA is reported in iotval").
""")
    common_pt_comment(t)
    t.blank()
    t.dc(1, 0x1, 0, 0, SV39_FSC, "good DC")
    simple_map(t)
    t.c("device 2: its tc doubleword (0x100040) gives an access fault")
    t.memerr(0x100040, "access")
    t.dc(3, 0x1, 0, 0, SV39_FSC, "good contents, but its fsc doubleword gives an access fault")
    t.memerr(0x100078, "access", "fsc of device 3 = 0x100060 + 3*8")
    t.c("device 4: its tc doubleword (0x100080) gives data corruption")
    t.memerr(0x100080, "corrupt")
    t.dc(5, 0x0, 0, 0, SV39_FSC, "tc = 0: V=0")
    t.dc(6, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff,
         "tc.V=0 with every other bit set (don't-care when V=0)")
    t.blank()
    t.fq_setup()
    t.c("ddtp is still Off (reset value 0)")
    t.dma(1, 1, "read", 0x1000, cmt="iommu_mode Off")
    t.fault(1, 256, "read", 1, 0x1000, slot=0, irq=0, why="all inbound transactions disallowed")
    t.dma(2, 1, "tread", 0x2000, cmt="iommu_mode Off, translated read: step 1 comes before any other check")
    t.fault(2, 256, "tread", 1, 0x2000, slot=1, why="all inbound transactions disallowed")
    t.blank()
    t.ddtp_1lvl()
    t.blank()
    t.dma(3, 2, "read", 0x1000, cmt="DC read access fault (tc doubleword)")
    t.fault(3, 257, "read", 2, 0x1000, slot=2, why="DDT entry load access fault")
    t.dma(4, 3, "write", 0x1008, cmt="DC read access fault (fsc doubleword)")
    t.fault(4, 257, "write", 3, 0x1008, slot=3, why="DDT entry load access fault")
    t.dma(5, 4, "exec", 0x1010, cmt="DC data corruption")
    t.fault(5, 268, "exec", 4, 0x1010, slot=4, why="DDT data corruption")
    t.dma(6, 5, "read", 0x1018, cmt="DC V=0")
    t.fault(6, 258, "read", 5, 0x1018, slot=5, why="DDT entry not valid")
    t.dma(7, 6, "read", 0x1020, cmt="DC V=0, garbage elsewhere")
    t.fault(7, 258, "read", 6, 0x1020, slot=6, why="DDT entry not valid")
    t.dma(8, 1, "read", 0x1028, cmt="good DC, mapped page")
    t.ok(8, 0x80001028)
    t.blank()
    t.read("fqt", 7)
    t.read("ipsr", 2)
    t.save(OUT)


# ---------------------------------------------------------------- dc_misconfig
def dc_misconfig():
    t = T("dc_misconfig", """
dc_misconfig: "DDT entry misconfigured" (259) for device contexts with V=1 that break one rule of
"Device-context configuration checks", one rule per device, against this IOMMU's capabilities
(docs/microarch.md 3: Sv39/Sv48/Sv57 (version 5), no Sv32, no second stage, ATS=0, T2GPA=0, AMO_HWAD=1 (version 6), END=0,
PD8=PD17=PD20=0, QOSID=0; fctl.BE=0 and fctl.GXL=0 read-only). Device 1 is a good DC with a non-zero
PSCID (legal) and translates. Devices 9 (tc.GADE) and 10 (tc.SADE) are legal since version 6 (AMO_HWAD=1)
and translate too (their leaf has A = D = 1, so no A/D update).
Spec: iommu_data_structures.adoc "Device-context configuration checks" (rule numbers below),
"Process to locate the Device-context" step 10; tc/iohgatp/ta/fsc layouts:
tc: V 0, EN_ATS 1, EN_PRI 2, T2GPA 3, DTF 4, PDTV 5, PRPR 6, GADE 7, SADE 8, DPE 9, SBE 10, SXL 11,
    reserved 23:12, custom 31:24, reserved 63:32.
iohgatp: PPN 43:0, GSCID 59:44, MODE 63:60.  ta: reserved 11:0, PSCID 31:12, reserved 39:32, RCID 51:40,
MCID 63:52.  fsc (iosatp / pdtp): PPN 43:0, reserved 59:44, MODE 63:60.
""")
    common_pt_comment(t)
    t.blank()
    t.dc(1, 0x1, 0, 0xabcde << 12, SV39_FSC, "good: ta.PSCID = 0xabcde (bits 31:12) is legal")
    simple_map(t)
    cases = [
        # did, tc, iohgatp, ta, fsc, comment
        (2, 0x1001, 0, 0, SV39_FSC, "tc bit 12 (reserved 23:12) set: rule 1 (reserved bits)"),
        (3, 0x800001, 0, 0, SV39_FSC, "tc bit 23 (reserved 23:12) set: rule 1"),
        (4, 0x100000001, 0, 0, SV39_FSC, "tc bit 32 (reserved 63:32) set: rule 1"),
        (5, 0x3, 0, 0, SV39_FSC, "tc.EN_ATS (bit 1) with capabilities.ATS=0: rule 2"),
        (6, 0x5, 0, 0, SV39_FSC, "tc.EN_PRI (bit 2) with ATS=0: rules 2, 4"),
        (7, 0x9, 0, 0, SV39_FSC, "tc.T2GPA (bit 3) with EN_ATS=0: rules 3, 6, 7"),
        (8, 0x41, 0, 0, SV39_FSC, "tc.PRPR (bit 6) with ATS=0: rules 2, 5"),
        (9, 0x81, 0, 0, SV39_FSC, "tc.GADE (bit 7): legal with AMO_HWAD=1 (rule 'AMO_HWAD is 0 and SADE or GADE' does not apply)"),
        (10, 0x101, 0, 0, SV39_FSC, "tc.SADE (bit 8): legal with AMO_HWAD=1"),
        (11, 0x201, 0, 0, SV39_FSC, "tc.DPE (bit 9) with PDTV=0: rule 'PDTV is 0 and DPE is 1'"),
        (12, 0x401, 0, 0, SV39_FSC, "tc.SBE (bit 10) = 1 != fctl.BE = 0 (END=0, BE read-only)"),
        (13, 0x801, 0, 0, SV39_FSC, "tc.SXL (bit 11) = 1 while fctl.GXL is 0 and not writable"),
        (14, 0x1, 8 << 60, 0, SV39_FSC, "iohgatp.MODE = 8 (Sv39x4) with capabilities.Sv39x4=0"),
        (15, 0x1, 1 << 60, 0, SV39_FSC, "iohgatp.MODE = 1 (reserved encoding)"),
        (16, 0x1, 0, 0, (11 << 60) | 0x200, "fsc.MODE = 11 (reserved encoding; Sv48 = 9 is supported since version 5)"),
        (17, 0x1, 0, 0, (15 << 60) | 0x200, "fsc.MODE = 15 (reserved encoding; Sv57 = 10 is supported since version 5)"),
        (18, 0x1, 0, 0, (1 << 60) | 0x200, "fsc.MODE = 1 (reserved encoding)"),
        (19, 0x1, 0, 0, SV39_FSC | (1 << 44), "fsc = Sv39 with reserved bit 44 (iosatp bits 59:44) set: rule 1"),
        (20, 0x1, 0, 0x1, SV39_FSC, "ta bit 0 (reserved 11:0) set: rule 1"),
        (21, 0x1, 0, 1 << 32, SV39_FSC, "ta bit 32 (reserved 39:32) set: rule 1"),
        (22, 0x1, 0, 1 << 40, SV39_FSC, "ta.RCID bit 40 set with QOSID=0 ('these bits are reserved and must be set to 0')"),
        (23, 0x21, 0, 0, 1 << 60, "tc.PDTV (bit 5) with pdtp.MODE = 1 (PD8), capabilities.PD8=0"),
        (24, 0x21, 0, 0, 3 << 60, "tc.PDTV with pdtp.MODE = 3 (PD20), capabilities.PD20=0"),
        (25, 0x21, 0, 0, 4 << 60, "tc.PDTV with pdtp.MODE = 4 (reserved encoding)"),
    ]
    for did, tc, hg, ta, fsc, cmt in cases:
        t.dc(did, tc, hg, ta, fsc, cmt)
    t.blank()
    t.fq_setup()
    t.ddtp_1lvl()
    t.blank()
    t.dma(1, 1, "read", 0x1abc, cmt="good DC")
    t.ok(1, 0x80001abc)
    slot = 0
    for did, tc, hg, ta, fsc, cmt in cases:
        iova = 0x1000 + did * 8
        t.dma(did, did, "read", iova, cmt=cmt)
        if did in (9, 10):
            t.ok(did, 0x80001000 + did * 8, "the same page as device 1: A = D = 1, no A/D update")
            continue
        t.fault(did, 259, "read", did, iova, slot=slot, irq=0 if slot == 0 else None, why="DDT entry misconfigured")
        slot += 1
    t.dma(99, 1, "write", 0x1ff8, cmt="good DC still works")
    t.ok(99, 0x80001ff8)
    t.blank()
    t.read("fqt", slot, f"{slot} records")
    t.save(OUT)


# ---------------------------------------------------------------- ttyp_disallowed
def ttyp_disallowed():
    t = T("ttyp_disallowed", """
ttyp_disallowed: "Transaction type disallowed" (260) in 1LVL mode: device_id wider than 1LVL allows
(DDI[1] = device_id[15:7] or DDI[2] = device_id[23:16] not 0; base-format DC because MSI_FLAT=0; no DC
read happens), a request with a process_id when DC.tc.PDTV=0 (the record carries PV=1, PID and PRIV),
translated requests and an ATS translation request when DC.tc.EN_ATS=0 (ATS: UR response category, so
the fault is reported). The priv key without a pid is ignored (requests without process_id are User),
so the record of tag 1 has PV=0 and PRIV=0, and tag 13 succeeds on a U=1 page.
Spec: iommu_data_structures.adoc "Process to translate an IOVA" steps 3, 5 and 7; "PCIe ATS translation
request handling" (260 -> UR -> reported); iommu_in_memory_queues.adoc record: "If PV is 0, then PID and
PRIV are 0", TTYP encodings (1 exec, 2 read, 3 write, 5/6/7 translated exec/read/write, 8 ATS).
""")
    common_pt_comment(t)
    t.blank()
    t.dc(1, 0x1, 0, 0, SV39_FSC, "good DC, tc.EN_ATS=0, tc.PDTV=0")
    simple_map(t)
    t.dc(0x7f, 0x0, 0, 0, 0, "all zero: V=0")
    t.blank()
    t.fq_setup()
    t.ddtp_1lvl()
    t.blank()
    t.dma(1, 0x80, "read", 0x1000, priv="s", cmt="device_id bit 7 set: DDI[1] = 1 (priv=s without pid: still User)")
    t.fault(1, 260, "read", 0x80, 0x1000, slot=0, irq=0, why="device_id too wide for 1LVL")
    t.dma(2, 0x10000, "write", 0x1008, cmt="device_id bit 16: DDI[2] = 1")
    t.fault(2, 260, "write", 0x10000, 0x1008, slot=1, why="device_id too wide")
    t.dma(3, 0xffffff, "exec", 0x1010, cmt="device_id 0xffffff")
    t.fault(3, 260, "exec", 0xffffff, 0x1010, slot=2, why="device_id too wide")
    t.dma(4, 1, "read", 0x1018, pid=0x12345, priv="s", cmt="process_id with DC.tc.PDTV=0, Supervisor")
    t.fault(4, 260, "read", 1, 0x1018, slot=3, pid=0x12345, priv=1, why="valid process_id and PDTV=0; PV=1, PRIV=1")
    t.dma(5, 1, "write", 0x1020, pid=0xfffff, cmt="process_id 0xfffff, User (default)")
    t.fault(5, 260, "write", 1, 0x1020, slot=4, pid=0xfffff, priv=0, why="valid process_id and PDTV=0; PV=1, PRIV=0")
    t.dma(6, 1, "exec", 0x1028, pid=0, priv="u", cmt="process_id 0 is still a valid process_id")
    t.fault(6, 260, "exec", 1, 0x1028, slot=5, pid=0, priv=0, why="valid process_id and PDTV=0; PV=1")
    t.dma(7, 1, "tread", 0x1030, cmt="translated read, EN_ATS=0")
    t.fault(7, 260, "tread", 1, 0x1030, slot=6, why="translated request and EN_ATS=0")
    t.dma(8, 1, "twrite", 0x1038)
    t.fault(8, 260, "twrite", 1, 0x1038, slot=7, why="translated request and EN_ATS=0")
    t.dma(9, 1, "texec", 0x1040)
    t.fault(9, 260, "texec", 1, 0x1040, slot=8, why="translated request and EN_ATS=0")
    t.dma(10, 1, "ats", 0x1048, cmt="PCIe ATS translation request, EN_ATS=0")
    t.fault(10, 260, "ats", 1, 0x1048, slot=9, why="ATS translation request and EN_ATS=0")
    t.dma(11, 0x7f, "read", 0x1050, cmt="device_id 0x7f is in range: its DC (0x100fe0) is all zero -> V=0")
    t.fault(11, 258, "read", 0x7f, 0x1050, slot=10, why="DDT entry not valid")
    t.dma(12, 1, "read", 0x1058, cmt="good request")
    t.ok(12, 0x80001058)
    t.dma(13, 1, "read", 0x1060, priv="s", cmt="priv=s without pid: User request, U=1 page")
    t.ok(13, 0x80001060)
    t.blank()
    t.read("fqt", 11)
    t.save(OUT)


# ---------------------------------------------------------------- bare_mode
def bare_mode():
    t = T("bare_mode", """
bare_mode: ddtp.iommu_mode = Bare: untranslated requests pass through with translated address = IOVA,
for any device_id (no DDI width check and no DC read in Bare) and with or without a process_id;
translated requests and ATS translation requests are "Transaction type disallowed" (260) and reported.
Spec: iommu_data_structures.adoc "Process to translate an IOVA" step 2; iommu_registers.adoc ddtp
("When in Bare mode only Untranslated requests are allowed"); docs/microarch.md 5.1 StLookup step 2.
""")
    t.c("No DDT and no page tables: Bare mode reads nothing. Fault queue at 0x300000.")
    t.blank()
    t.fq_setup()
    t.write("ddtp", 0x1, "iommu_mode Bare (1), PPN 0")
    t.poll("ddtp", 0x10, 0x0, 0x1, "until busy(bit 4)=0")
    t.blank()
    t.dma(1, 0x123456, "read", 0x123456789abc)
    t.ok(1, 0x123456789abc, "pa = IOVA")
    t.dma(2, 0, "write", 0x00fffffffffff000, cmt="a 56-bit address (PAS=56), not a canonical Sv39 one")
    t.ok(2, 0x00fffffffffff000, "pa = IOVA")
    t.dma(3, 0xffffff, "exec", 0x80000000, cmt="any device_id")
    t.ok(3, 0x80000000)
    t.dma(4, 5, "read", 0x4000, pid=7, priv="s", cmt="a process_id does not matter in Bare")
    t.ok(4, 0x4000)
    t.dma(5, 0x123456, "tread", 0x5000)
    t.fault(5, 260, "tread", 0x123456, 0x5000, slot=0, irq=0, why="translated request in Bare")
    t.dma(6, 0x123456, "twrite", 0x6000)
    t.fault(6, 260, "twrite", 0x123456, 0x6000, slot=1, why="translated request in Bare")
    t.dma(7, 0x123456, "texec", 0x7000)
    t.fault(7, 260, "texec", 0x123456, 0x7000, slot=2, why="translated request in Bare")
    t.dma(8, 0x123456, "ats", 0x8000)
    t.fault(8, 260, "ats", 0x123456, 0x8000, slot=3, why="ATS translation request in Bare")
    t.dma(9, 0x123456, "read", 0x9008)
    t.ok(9, 0x9008)
    t.blank()
    t.read("fqt", 4)
    t.read("ddtp", 0x1)
    t.save(OUT)


# ---------------------------------------------------------------- dc_fsc_bare
def dc_fsc_bare():
    t = T("dc_fsc_bare", """
dc_fsc_bare: 1LVL mode with a valid DC whose fsc (iosatp) MODE is Bare: no first-stage translation, the
translated address is the IOVA (no Sv39 canonical check: bits 63:39 need not equal bit 38). The
transaction-type checks still apply: a process_id with PDTV=0 is 260, a translated read with EN_ATS=0 is 260.
Spec: iommu_data_structures.adoc "Process to translate an IOVA" steps 7 and 10 (iosatp.MODE from
DC.fsc.MODE), then step 17 with first stage Bare; iosatp.MODE encoding 0 = Bare.
""")
    t.c("Memory: DDT page 0x100000 (ddtp.PPN 0x100), fault queue 0x300000. No page tables.")
    t.blank()
    t.dc(1, 0x1, 0, 0, 0x0, "tc.V=1, fsc = 0: iosatp.MODE Bare")
    t.dc(2, 0x0, 0, 0, 0x0, "all zero: V=0")
    t.blank()
    t.fq_setup()
    t.ddtp_1lvl()
    t.blank()
    t.dma(1, 1, "read", 0x12345678)
    t.ok(1, 0x12345678, "pa = IOVA")
    t.dma(2, 1, "write", 0x000000fffffff000, cmt="bit 39 set, bit 38 set, bits 63:40 clear: not Sv39-canonical, no check in Bare")
    t.ok(2, 0x000000fffffff000)
    t.dma(3, 1, "exec", 0x80001000)
    t.ok(3, 0x80001000)
    t.dma(4, 1, "read", 0x12345678, cmt="same again")
    t.ok(4, 0x12345678)
    t.dma(5, 1, "read", 0x2000, pid=1, cmt="process_id with PDTV=0")
    t.fault(5, 260, "read", 1, 0x2000, slot=0, irq=0, pid=1, priv=0, why="valid process_id and PDTV=0")
    t.dma(6, 1, "tread", 0x3000)
    t.fault(6, 260, "tread", 1, 0x3000, slot=1, why="translated request and EN_ATS=0")
    t.dma(7, 2, "read", 0x4000, cmt="device 2: DC is all zero (V=0)")
    t.fault(7, 258, "read", 2, 0x4000, slot=2, why="DDT entry not valid")
    t.blank()
    t.read("fqt", 3)
    t.save(OUT)


# ---------------------------------------------------------------- dtf
def dtf():
    t = T("dtf", """
dtf: DC.tc.DTF=1 disables reporting of the faults marked "No" in the "Reported if DTF is 1?" column
(page faults 12/13/15, access faults 1/5/7, PT data corruption 274, and also 260 "Transaction type
disallowed"): the response still carries the fault, but no record is written, fqt and ipsr do not change.
Faults marked "Yes" (256, 257, 258, 259, 268) are reported even with DTF=1 in the DC; and "If a fault
condition prevents locating a valid device context then the DTF value assumed for reporting such faults
is 0": so 258 for a DC with V=0 and DTF=1, 259 for a misconfigured DC with DTF=1, 257/268 on the DC read,
and 260 for a device_id too wide for 1LVL (the DC is never located) are all recorded.
A device with DTF=0 sharing the same page tables reports its page fault (control).
Spec: iommu_in_memory_queues.adoc cause table "Reported if DTF is 1?" column and the sentence after it;
iommu_data_structures.adoc tc.DTF; docs/microarch.md 5.1 StFault step 1 (for an IOTLB hit, the cached DTF).
""")
    common_pt_comment(t)
    t.blank()
    t.dc(1, 0x11, 0, 0, SV39_FSC, "tc = V(bit 0) | DTF(bit 4) = 0x11, Sv39")
    t.dc(7, 0x1, 0, 0, SV39_FSC, "tc = V only (DTF=0), same page tables")
    t.dc(2, 0x10, 0, 0, SV39_FSC, "tc = DTF only: V=0")
    t.dc(3, 0x1011, 0, 0, SV39_FSC, "tc = V | DTF | reserved bit 12: misconfigured")
    t.dc(4, 0x13, 0, 0, SV39_FSC, "tc = V | EN_ATS(bit 1) | DTF: misconfigured (ATS=0)")
    t.dc(5, 0x11, 0, 0, SV39_FSC, "would be V|DTF, but the tc doubleword read gives an access fault")
    t.memerr(0x1000a0, "access", "tc of device 5")
    t.dc(6, 0x11, 0, 0, SV39_FSC, "would be V|DTF, but the ta doubleword read gives data corruption")
    t.memerr(0x1000d0, "corrupt", "ta of device 6 = 0x1000c0 + 2*8")
    t.mem(ROOT + 1 * 8, pte(0x201, V), "root[1] -> L1 0x201000 (IOVA 0x40000000..)")
    t.mem(0x201000, pte(0x202, V), "L1[0] -> L0 0x202000")
    t.mem(0x202000, pte(0x80000, V | R | U | A), "L0[0]: read-only leaf PA 0x80000000, V|R|U|A = 0x53")
    t.mem(0x202008, 0, "L0[1] (IOVA 0x40001000) = 0: V=0")
    t.memerr(ROOT + 2 * 8, "access", "root[2] (IOVA 0x80000000..) read: access fault")
    t.memerr(ROOT + 3 * 8, "corrupt", "root[3] (IOVA 0xc0000000..) read: data corruption")
    t.blank()
    t.fq_setup()
    t.ddtp_1lvl()
    t.blank()
    t.c("Device 1 (DTF=1): every fault below is of a 'No' cause, so only the response is logged.")
    t.dma(1, 1, "read", 0x40000000)
    t.ok(1, 0x80000000)
    t.dma(2, 1, "write", 0x40000008, cmt="write to the read-only page (IOTLB hit here)")
    t.fault(2, 15, "write", 1, 0x40000008, why="not reported: DTF=1")
    t.dma(3, 1, "read", 0x40001000, cmt="V=0 leaf")
    t.fault(3, 13, "read", 1, 0x40001000, why="not reported: DTF=1")
    t.dma(4, 1, "read", 0x80000000, cmt="PTE read access fault")
    t.fault(4, 5, "read", 1, 0x80000000, why="not reported: DTF=1")
    t.dma(5, 1, "write", 0x80000000)
    t.fault(5, 7, "write", 1, 0x80000000, why="not reported: DTF=1")
    t.dma(6, 1, "exec", 0x80000000)
    t.fault(6, 1, "exec", 1, 0x80000000, why="not reported: DTF=1")
    t.dma(7, 1, "read", 0xc0000000, cmt="PTE read data corruption")
    t.fault(7, 274, "read", 1, 0xc0000000, why="not reported: DTF=1")
    t.dma(8, 1, "read", 0x0000008000000000, cmt="non-canonical IOVA")
    t.fault(8, 13, "read", 1, 0x0000008000000000, why="not reported: DTF=1")
    t.dma(9, 1, "read", 0x40000010, pid=3, cmt="process_id with PDTV=0")
    t.fault(9, 260, "read", 1, 0x40000010, why="260 is 'No' in the DTF column and the DC was located: not reported")
    t.dma(10, 1, "tread", 0x40000018, cmt="translated request, EN_ATS=0")
    t.fault(10, 260, "tread", 1, 0x40000018, why="not reported: DTF=1")
    t.dma(11, 1, "exec", 0x40000020, cmt="exec of the R-only page")
    t.fault(11, 12, "exec", 1, 0x40000020, why="not reported: DTF=1")
    t.blank()
    t.read("fqt", 0, "nothing recorded")
    t.read("ipsr", 0, "fip still 0")
    t.blank()
    t.c("Faults that are reported although DTF=1 is (or would be) in the DC:")
    t.dma(12, 2, "read", 0x40000000, cmt="DC V=0 (DTF bit set)")
    t.fault(12, 258, "read", 2, 0x40000000, slot=0, irq=0, why="'Yes' cause; no valid DC so DTF assumed 0")
    t.dma(13, 3, "read", 0x40000000, cmt="misconfigured DC with DTF=1")
    t.fault(13, 259, "read", 3, 0x40000000, slot=1, why="'Yes' cause")
    t.dma(14, 4, "write", 0x40000000, cmt="misconfigured DC (EN_ATS) with DTF=1")
    t.fault(14, 259, "write", 4, 0x40000000, slot=2, why="'Yes' cause")
    t.dma(15, 0x81, "read", 0x40000000, cmt="device_id 0x81: DDI[1]=1, too wide for 1LVL; DC never located")
    t.fault(15, 260, "read", 0x81, 0x40000000, slot=3, why="no DC located, DTF assumed 0")
    t.dma(16, 5, "read", 0x40000000, cmt="DC load access fault")
    t.fault(16, 257, "read", 5, 0x40000000, slot=4, why="'Yes' cause")
    t.dma(17, 6, "read", 0x40000000, cmt="DC data corruption")
    t.fault(17, 268, "read", 6, 0x40000000, slot=5, why="'Yes' cause")
    t.dma(18, 7, "write", 0x40000008, cmt="device 7 (DTF=0): same write to the read-only page")
    t.fault(18, 15, "write", 7, 0x40000008, slot=6, why="DTF=0: reported")
    t.dma(19, 1, "write", 0x40000ff8, cmt="device 1 again after device 7's fault")
    t.fault(19, 15, "write", 1, 0x40000ff8, why="not reported: DTF=1")
    t.dma(20, 1, "read", 0x40000ff8)
    t.ok(20, 0x80000ff8)
    t.blank()
    t.read("fqt", 7)
    t.read("ipsr", 2)
    t.save(OUT)


if __name__ == "__main__":
    ddt_faults()
    dc_misconfig()
    ttyp_disallowed()
    bare_mode()
    dc_fsc_bare()
    dtf()
