# Hand-written expectations: two-stage translation, MSI translation, ATS.
from lib import *

HG = atp(8, 0x600, 1)   # iohgatp: Sv39x4(8)<<60 | GSCID 1<<44 | PPN 0x600


def two_stage_layout(t):
    t.c("""Second stage Sv39x4, root 16 KiB at 0x600000, index GPA[40:30] (11 bits), 1 GiB leaves:
  G root[0]: GPA 0-1 GiB -> PA 0x40000000 (V|R|W|X|U|A|D), root[1] V=0, root[2] -> PA 0x80000000 with U=0,
  root[3] -> PA 0xc0000000 read-only, root[0x7ff] -> PA 0x100000000.
First stage Sv39 root at GPA 0x10000 (PA 0x40010000). VS root[0] -> GPA 0x11000 -> L1[0] -> GPA 0x12000 (L0,
PA 0x40012000): IOVA k*0x1000 uses L0[k]. VS root[1] points to a table at GPA 0x40000000 (unmapped),
VS root[2] to a table at GPA 0x80000000 (second-stage U=0). Guest-page-fault iotval2 = GPA (bits 63:2),
bit 0 = 1 for an implicit (first-stage table) access. Faulting GPAs are page aligned.""")
    F = V | R | W | X | U | A | D
    t.mem(0x600000 + 0 * 8, pte(0x40000, F), "G root[0]")
    t.mem(0x600000 + 1 * 8, 0, "G root[1]: V=0")
    t.mem(0x600000 + 2 * 8, pte(0x80000, V | R | W | X | A | D), "G root[2]: U=0")
    t.mem(0x600000 + 3 * 8, pte(0xc0000, V | R | U | A | D), "G root[3]: read-only")
    t.mem(0x600000 + 0x7ff * 8, pte(0x100000, V | R | W | U | A | D), "G root[0x7ff]")
    t.mem(0x40010000 + 0 * 8, pte(0x11, V), "VS root[0] -> GPA 0x11000")
    t.mem(0x40010000 + 1 * 8, pte(0x40000, V), "VS root[1] -> GPA 0x40000000")
    t.mem(0x40010000 + 2 * 8, pte(0x80000, V), "VS root[2] -> GPA 0x80000000")
    t.mem(0x40011000, pte(0x12, V), "VS L1[0] -> GPA 0x12000")
    L0 = 0x40012000
    t.mem(L0 + 1 * 8, pte(0x200, V | R | W | U | A | D), "L0[1]: GPA 0x200000")
    t.mem(L0 + 2 * 8, pte(0x40000, V | R | W | U | A | D), "L0[2]: GPA 0x40000000 (G root[1] V=0)")
    t.mem(L0 + 3 * 8, pte(0x80000, V | R | W | U | A | D), "L0[3]: GPA 0x80000000 (G U=0)")
    t.mem(L0 + 4 * 8, pte(0xc0000, V | R | W | U | A | D), "L0[4]: GPA 0xc0000000 (G read-only)")
    t.mem(L0 + 5 * 8, 0, "L0[5]: V=0")
    t.mem(L0 + 6 * 8, pte(0x201, V | R | U | A | D), "L0[6]: GPA 0x201000 read-only")
    t.mem(L0 + 7 * 8, pte(0x207, V | R | W | G | A | D), "L0[7]: GPA 0x207000, U=0, G=1")
    t.mem(L0 + 8 * 8, pte(0x208, V | R | W | A | D), "L0[8]: GPA 0x208000, U=0")


def two_stage_sv39x4():
    t = T("two_stage_sv39x4", """
two_stage_sv39x4: Sv39 first stage over Sv39x4 second stage (iohgatp.MODE 8, GSCID 1). Guest-page faults
20/21/23 for the final GPA (iotval2 = GPA, bit 0 = 0) and for implicit accesses to first-stage tables
(iotval2 = GPA of the PTE | 1); the cause follows the original access type. Second-stage U=0 leaf is a
guest-page fault (every second-stage access is treated as User). First-stage page faults have iotval2=0.
With a Bare first stage: GPA bits 63:41 non-zero is a guest-page fault; root index uses GPA[40:30]
(root[0x7ff] reachable).
Spec: iommu_data_structures.adoc iohgatp, "Process to translate an IOVA" steps 10, 17, 19 (and the U-bit
rule after it); iommu_in_memory_queues.adoc fault record (iotval2); hypervisor.adoc "Two-Stage Address
Translation", Sv39x4. FQ with fie=0.
""")
    two_stage_layout(t)
    t.dc(1, TC_V, iohgatp=HG, fsc=atp(8, 0x10), cmt="two stages: iosatp Sv39 PPN 0x10 (a GPA)")
    t.dc(2, TC_V, iohgatp=HG, cmt="second stage only")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", 0x1010)
    t.ok(1, 0x40200010, "GPA 0x200010 -> PA 0x40000000 + GPA")
    t.dma(2, 1, "read", 0x2000)
    t.fault_rec(2, 21, 0, "read", 1, 0x2000, 0x40000000, why="read guest-page fault, final GPA")
    t.dma(3, 1, "write", 0x3000)
    t.fault_rec(3, 23, 1, "write", 1, 0x3000, 0x80000000, why="write guest-page fault, G leaf U=0")
    t.dma(4, 1, "write", 0x4000)
    t.fault_rec(4, 23, 2, "write", 1, 0x4000, 0xc0000000, why="write guest-page fault, G leaf read-only")
    t.dma(5, 1, "read", 0x4008)
    t.ok(5, 0xc0000008)
    t.dma(6, 1, "read", 0x5000)
    t.fault_rec(6, 13, 3, "read", 1, 0x5000, 0, why="first-stage page fault")
    t.dma(7, 1, "read", 0x40000000, cmt="VS root[1] -> table GPA 0x40000000, L1[0] at GPA 0x40000000")
    t.fault_rec(7, 21, 4, "read", 1, 0x40000000, 0x40000001, why="implicit access: iotval2 bit 0 = 1")
    t.dma(8, 1, "exec", 0x80000000, cmt="VS root[2] -> table GPA 0x80000000 (G U=0)")
    t.fault_rec(8, 20, 5, "exec", 1, 0x80000000, 0x80000001, why="instruction guest-page fault, implicit")
    t.dma(9, 1, "exec", 0x1000, cmt="L0[1] has no X")
    t.fault_rec(9, 12, 6, "exec", 1, 0x1000, 0, why="instruction page fault")
    t.dma(10, 2, "read", 0x123456)
    t.ok(10, 0x40123456)
    t.dma(11, 2, "read", 0x20000000000, cmt="GPA bit 41")
    t.fault_rec(11, 21, 7, "read", 2, 0x20000000000, 0x20000000000, why="GPA wider than 41 bits")
    t.dma(12, 2, "write", 0x1ffc0001000, cmt="GPA[40:30]=0x7ff")
    t.ok(12, 0x100001000)
    t.save()


def two_stage_pdt():
    t = T("two_stage_pdt", """
two_stage_pdt: PDT under a second stage: pdtp.PPN is a guest PPN and PDT accesses are implicit reads
translated by the second stage. A guest-page fault on a PDT access is reported with the original access
type and iotval2 = GPA | 1; an access fault in the second stage during that translation is 265; data
corruption there is 269.
Spec: iommu_data_structures.adoc "Process to locate the Process-context" (intro and step 3), fault record
iotval2 note ("implicit memory access to read PDT entries ... bit 0 = 1"). FQ with fie=0.
""")
    two_stage_layout(t)
    t.dc(1, TC_V | TC_PDTV, iohgatp=HG, fsc=atp(1, 0x20), cmt="pdtp PD8, PPN = GPA 0x20000 (PA 0x40020000)")
    t.mem(0x40020000 + 1 * 16, V, "PC of pid 1 (PA 0x40020010): ta V")
    t.mem(0x40020000 + 1 * 16 + 8, atp(8, 0x10), "PC fsc Sv39, root GPA 0x10000")
    t.dc(2, TC_V | TC_PDTV, iohgatp=HG, fsc=atp(1, 0x40000), cmt="pdtp PD8, PPN = GPA 0x40000000 (unmapped)")
    t.dc(3, TC_V | TC_PDTV, iohgatp=atp(8, 0x604, 3), fsc=atp(1, 0x20), cmt="G root 0x604000")
    t.memerr(0x604000, "access", "G root[0] of did 3: access fault")
    t.dc(4, TC_V | TC_PDTV, iohgatp=atp(8, 0x608, 4), fsc=atp(1, 0x20), cmt="G root 0x608000")
    t.memerr(0x608000, "corrupt", "G root[0] of did 4: data corruption")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "read", 0x1010, pid=1, priv="u")
    t.ok(1, 0x40200010)
    t.dma(2, 2, "read", 0x1000, pid=0, priv="u", cmt="PC of pid 0 at GPA 0x40000000")
    t.fault_rec(2, 21, 0, "read", 2, 0x1000, 0x40000001, pid=0, why="guest-page fault on PDT access")
    t.dma(3, 2, "write", 0x1000, pid=0, priv="u")
    t.fault_rec(3, 23, 1, "write", 2, 0x1000, 0x40000001, pid=0, why="original access type: write")
    t.dma(4, 3, "read", 0x1000, pid=1, priv="u")
    t.fault_rec(4, 265, 2, "read", 3, 0x1000, pid=1, why="second-stage access fault while locating the PC")
    t.dma(5, 4, "read", 0x1000, pid=1, priv="u")
    t.fault_rec(5, 269, 3, "read", 4, 0x1000, pid=1, why="second-stage data corruption while locating the PC")
    t.save()


def msi_dc(t, msiptp_ppn):
    t.c("""MSI recognition: msi_addr_mask = 0x7, msi_addr_pattern = 0x28000: GPA pages 0x28000-0x28007 are virtual
interrupt files; interrupt file number I = extract(GPA>>12, 0x7) = GPA[14:12]; MSI PTE (16 bytes) at
msiptp.PPN*4096 + I*16. First stage Bare, so GPA = IOVA. Non-MSI GPAs go through G root[0] (PA 0x40000000 + GPA).""")
    t.dc(1, TC_V, iohgatp=HG, msiptp=atp(1, msiptp_ppn), mask=0x7, pattern=0x28000,
         cmt=f"msiptp Flat(1)<<60 | PPN {hx(msiptp_ppn)}")
    t.mem(0x600000, pte(0x40000, V | R | W | X | U | A | D), "G root[0]: GPA 0-1 GiB -> PA 0x40000000")


def msi_flat():
    t = T("msi_flat", """
msi_flat: MSI address translation with basic-translate MSI PTEs (M=3): dw0 = V bit 0 | M bits 2:1 | PPN 53:10
| C bit 63, other dw0 bits reserved, dw1 ignored. Translation = PPN<<12 | GPA[11:0]; permissions R=W=U=1,
X=0 (execute -> 1). Faults: V=0 (262), M=0 and M=2 (263), reserved bit (263), access fault (261), data
corruption (270). A GPA outside the pattern uses the second stage.
Spec: iommu_data_structures.adoc "MSI page table pointer", "MSI address mask and pattern", "Process to
translate addresses of MSIs"; AIA specification "MSI page tables" (MSI PTE, basic translate mode). FQ fie=0.
""")
    msi_dc(t, 0x700)
    M3 = V | (3 << 1)
    t.mem(0x700000, pte(0x9f000, M3), "I=0: V | M=3 | PPN 0x9f000")
    t.mem(0x700008, 0xdeadbeef, "I=0 dw1: ignored in basic mode")
    t.mem(0x700010, pte(0x9f001, M3), "I=1: PPN 0x9f001")
    t.mem(0x700018, 0)
    t.mem(0x700020, 0, "I=2: V=0")
    t.mem(0x700030, V, "I=3: M=0")
    t.mem(0x700040, V | (2 << 1), "I=4: M=2")
    t.mem(0x700050, pte(0x9f005, M3) | (1 << 3), "I=5: reserved bit 3")
    t.mem(0x700058, 0)
    t.memerr(0x700060, "access", "I=6: access fault")
    t.memerr(0x700070, "corrupt", "I=7: data corruption")
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "write", 0x28000000)
    t.ok(1, 0x9f000000)
    t.dma(2, 1, "write", 0x28001004)
    t.ok(2, 0x9f001004)
    t.dma(3, 1, "read", 0x28001008)
    t.ok(3, 0x9f001008, "R=1")
    t.dma(4, 1, "exec", 0x28001000)
    t.fault_rec(4, 1, 0, "exec", 1, 0x28001000, why="instruction access fault")
    for tag, i, cause, why in [(5, 2, 262, "MSI PTE not valid"), (6, 3, 263, "M=0"), (7, 4, 263, "M=2"),
                               (8, 5, 263, "reserved bit"), (9, 6, 261, "MSI PTE load access fault"),
                               (10, 7, 270, "MSI PT data corruption")]:
        t.dma(tag, 1, "write", 0x28000000 + i * 0x1000)
        t.fault_rec(tag, cause, tag - 4, "write", 1, 0x28000000 + i * 0x1000, why=why)
    t.dma(11, 1, "write", 0x28008000, cmt="page 0x28008: not an interrupt file")
    t.ok(11, 0x68008000)
    t.save()


def msi_mrif():
    mrif, nppn, nid = 0x9e000200, 0x9d000, 0x5a5
    dw0 = V | (1 << 1) | ((mrif >> 9) << 7)
    dw1 = ((nid >> 10) << 60) | (nppn << 10) | (nid & 0x3ff)
    t = T("msi_mrif", f"""
msi_mrif: MRIF-mode MSI PTEs (M=1, capabilities.MSI_MRIF=1): dw0 = V | M=1 | MRIF address[55:9] in bits 53:7;
dw1 = NID[9:0] bits 9:0 | NPPN bits 53:10 | NID[10] bit 60; other bits reserved (263). A write is answered
with an `rsp ... mrif` line: MRIF address {hx(mrif)}, notice address NPPN<<12 = {hx(nppn << 12)}, notice data
NID = {hx(nid)}. Execute is an instruction access fault (1). The debug translation interface reports 260 for
an MRIF-mode MSI.
Spec: iommu_data_structures.adoc "Process to translate addresses of MSIs" (MRIF steps);
iommu_debug.adoc; AIA "MSI PTE, MRIF mode"; docs/formats.md (`rsp ... mrif`). FQ with fie=0.
Assumption: a debug request with NW=1 is recorded as an untranslated read (TTYP 2).
""")
    msi_dc(t, 0x710)
    t.mem(0x710000, dw0, f"I=0: V | M=1 | ({hx(mrif)}>>9)<<7")
    t.mem(0x710008, dw1, f"I=0 dw1: NID[10]<<60 | NPPN {hx(nppn)}<<10 | NID[9:0]")
    t.mem(0x710010, dw0, "I=1: same dw0")
    t.mem(0x710018, dw1 | (1 << 63), "I=1 dw1 with reserved bit 63")
    t.mem(0x710020, dw0 | (1 << 3), "I=2: dw0 with reserved bit 3")
    t.mem(0x710028, dw1)
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "write", 0x28000000)
    t.mrif(1, mrif, nppn << 12, nid)
    t.dma(2, 1, "exec", 0x28000000)
    t.fault_rec(2, 1, 0, "exec", 1, 0x28000000, why="instruction access fault")
    t.dma(3, 1, "write", 0x28001000)
    t.fault_rec(3, 263, 1, "write", 1, 0x28001000, why="reserved bit in dw1")
    t.dma(4, 1, "write", 0x28002000)
    t.fault_rec(4, 263, 2, "write", 1, 0x28002000, why="reserved bit in dw0")
    t.write("tr_req_iova", 0x28000000)
    t.write("tr_req_ctl", 0x1 | 0x8 | (1 << 40), "Go | NW (read) | DID 1 in 63:40")
    t.record(3, 260, "read", 1, 0x28000000)
    t.poll("tr_req_ctl", 0x1, 0x0, 0x10000000008, "Go/Busy cleared; other fields as written")
    t.save()


def ats_dcs(t):
    t.dc(1, TC_V | TC_EN_ATS, iohgatp=HG, fsc=atp(8, 0x10), cmt="EN_ATS, two stages")
    t.dc(2, TC_V, iohgatp=HG, fsc=atp(8, 0x10), cmt="EN_ATS=0")
    t.dc(3, 0, cmt="V=0")
    t.dc(4, TC_V | TC_EN_ATS | TC_PDTV, iohgatp=HG, fsc=atp(1, 0x20), cmt="EN_ATS, PD8 at GPA 0x20000 (PA 0x40020000)")
    t.dc(5, TC_V | TC_EN_ATS | TC_T2GPA, iohgatp=HG, fsc=atp(8, 0x10), cmt="EN_ATS, T2GPA")
    t.memerr(0x40020000 + 3 * 16, "access", "PC of pid 3: access fault")
    t.mem(0x40020000 + 4 * 16, 0, "PC of pid 4: V=0")
    for pid in (5, 6):
        t.mem(0x40020000 + pid * 16, V | 2 | (pid << 12), f"PC of pid {pid}: V|ENS, SUM=0")
        t.mem(0x40020000 + pid * 16 + 8, atp(8, 0x10), "fsc Sv39 root GPA 0x10000")


def ats_translation():
    t = T("ats_translation", """
ats_translation: PCIe ATS translation requests (ttyp=ats) through two stages (so the 4 KiB range size does not
depend on the implementation-defined size for a Bare stage). Success with permissions (R, W from both
stages), success with R=W=0 for page faults, guest-page faults, PDT entry not valid, a User request to a U=0
page and a Supervisor request to a U=1 page with SUM=0 (no fault record); UR for 260 and 258 and CA for 265
(recorded, TTYP 8). Priv = requested privilege when a PASID is present; G from the first-stage PTE only with
a PASID; N=0, AMA=0, U=0 (not MRIF).
Spec: iommu_data_structures.adoc "PCIe ATS translation request handling", tc.EN_ATS; docs/formats.md `ats`.
Assumption: `dma ttyp=ats` requests read and write (No-Write=0) and no execute, so X is always 0.
FQ with fie=0.
""")
    two_stage_layout(t)
    ats_dcs(t)
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "ats", 0x1000)
    t.ats_ok(1, 0x40200000, 0x1000, 1, 1)
    t.dma(2, 1, "ats", 0x6000, cmt="first stage read-only")
    t.ats_ok(2, 0x40201000, 0x1000, 1, 0, why="write denied")
    t.dma(3, 1, "ats", 0x5000, cmt="first-stage V=0")
    t.ats_nores(3, "page fault -> success with R=W=0, no record")
    t.dma(4, 1, "ats", 0x8000, cmt="U=0, no PASID")
    t.ats_nores(4, "User request to U=0 page")
    t.dma(5, 1, "ats", 0x2000, cmt="GPA unmapped")
    t.ats_nores(5, "guest-page fault")
    t.dma(6, 2, "ats", 0x1000)
    t.note("fault 260 (EN_ATS=0)")
    t.record(0, 260, "ats", 2, 0x1000)
    t.ats_err(6, "ur")
    t.dma(7, 3, "ats", 0x1000)
    t.note("fault 258 (DC V=0)")
    t.record(1, 258, "ats", 3, 0x1000)
    t.ats_err(7, "ur")
    t.dma(8, 4, "ats", 0x1000, pid=3, priv="u")
    t.note("fault 265 (PC access fault)")
    t.record(2, 265, "ats", 4, 0x1000, pid=3)
    t.ats_err(8, "ca")
    t.dma(9, 4, "ats", 0x1000, pid=4, priv="u")
    t.ats_nores(9, "266 PDT entry not valid")
    t.dma(10, 4, "ats", 0x1000, pid=5, priv="s", cmt="S request, U=1 page, SUM=0")
    t.ats_ok(10, 0, 0x1000, 0, 0, priv=1, why="R=W=0 (U=1 page, SUM=0); Priv = requested privilege since a PASID is present")
    t.dma(11, 4, "ats", 0x7000, pid=6, priv="s", cmt="S request, U=0 G=1 page")
    t.ats_ok(11, 0x40207000, 0x1000, 1, 1, g=1, priv=1)
    t.dma(12, 4, "ats", 0x1000, pid=6, priv="u")
    t.ats_ok(12, 0x40200000, 0x1000, 1, 1)
    t.read("fqt", 3)
    t.save()


def translated_requests():
    t = T("translated_requests", """
translated_requests: translated read/write/exec (ttyp=tread/twrite/texec). With EN_ATS=1 and T2GPA=0 the
address is already an SPA (no translation). With EN_ATS=0: 260 (TTYP 5/6/7 recorded). With T2GPA=1 an ATS
request returns the GPA and translated requests are translated by the second stage (guest-page faults with
iotval2 = GPA). In ddtp Bare mode translated requests are 260.
Spec: iommu_data_structures.adoc tc.EN_ATS, tc.T2GPA, "Process to translate an IOVA" steps 2, 7-9;
iommu_registers.adoc ddtp ("Bare: only Untranslated requests are allowed"). FQ with fie=0.
""")
    two_stage_layout(t)
    ats_dcs(t)
    t.blank()
    t.fq_on()
    t.ddtp(2)
    t.blank()
    t.dma(1, 1, "tread", 0x40200000)
    t.ok(1, 0x40200000, "T2GPA=0: no translation")
    t.dma(2, 1, "twrite", 0x12345678)
    t.ok(2, 0x12345678)
    t.dma(3, 1, "texec", 0x9000)
    t.ok(3, 0x9000)
    t.dma(4, 2, "tread", 0x40200000)
    t.fault_rec(4, 260, 0, "tread", 2, 0x40200000, why="EN_ATS=0")
    t.dma(5, 5, "ats", 0x1000)
    t.ats_ok(5, 0x200000, 0x1000, 1, 1, why="T2GPA: GPA returned")
    t.dma(6, 5, "tread", 0x200010)
    t.ok(6, 0x40200010, "second stage")
    t.dma(7, 5, "twrite", 0x40000000)
    t.fault_rec(7, 23, 1, "twrite", 5, 0x40000000, 0x40000000, why="write guest-page fault")
    t.dma(8, 5, "texec", 0x80000000)
    t.fault_rec(8, 20, 2, "texec", 5, 0x80000000, 0x80000000, why="G leaf U=0")
    t.ddtp(0, "Off")
    t.ddtp(1, "Bare (from Off)")
    t.dma(9, 1, "tread", 0x1000)
    t.fault_rec(9, 260, 3, "tread", 1, 0x1000, why="Bare mode: translated request")
    t.dma(10, 1, "write", 0x1000)
    t.ok(10, 0x1000)
    t.save()


for f in [two_stage_sv39x4, two_stage_pdt, msi_flat, msi_mrif, ats_translation, translated_requests]:
    f()
