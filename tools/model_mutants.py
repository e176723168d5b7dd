#!/usr/bin/env python3
"""`make model-mutants`: does the golden model's random self-check (build/iommu-model-random and its spec
oracle, tb/spec_oracle.c) find real bugs in the model? Builds the model with one deliberate mutation at a
time (each a plausible misreading of the specification) and runs the self-check on the seeds `make test`
uses. A mutant is killed when the run reports a disagreement. Prints one line per mutant and a summary;
exits 1 if any mutant survives or no longer applies (the model changed under it: update the list).
"""
import concurrent.futures
import glob
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build", "model-mutants")
SOURCES = ["tb/model_random.c", "tb/spec_oracle.c", "tb/sw_tables.c", "tb/rng.c"]

# (name, file, exact text, replacement, what the bug is)
MUTANTS = [
    ("sum_ignored", "cmodel/arch/pagewalk.h", "if (p->u && (!a->sum || a->acc == ACCESS_EXEC))",
     "if (p->u && (a->acc == ACCESS_EXEC))", "Supervisor reads/writes U pages without SUM"),
    ("s_exec_u", "cmodel/arch/pagewalk.h", "if (p->u && (!a->sum || a->acc == ACCESS_EXEC))",
     "if (p->u && (!a->sum))", "Supervisor executes from U pages when SUM = 1"),
    ("d_not_needed", "cmodel/arch/pagewalk.h", "if (!p->a || (a->acc == ACCESS_WRITE && !p->d))", "if (!p->a)",
     "a write to a page with D = 0 neither faults nor sets D"),
    ("d_not_set", "cmodel/arch/pagewalk.c", "        pte = pte_D_ins(pte, 1);", "        ;",
     "hardware A/D update sets A but not D on a write"),
    ("misaligned", "cmodel/arch/pagewalk.h", "return (pw_pte_ppn(m, pte) & field_ones(m->vpn_bits * level)) != 0;",
     "return false;", "misaligned superpages translate"),
    ("canonical", "cmodel/arch/pagewalk.h", "return top == 0 || top == (~0ull >> (m->va_bits - 1));",
     "return top == 0 || top == 1;", "non-canonical IOVAs with bit VA-1 set are accepted"),
    ("napot_encoding", "cmodel/arch/pagewalk.h", "!leaf || level != 0 || (pte_PPN(pte) & 0xf) != 0x8",
     "!leaf || level != 0 || (pte_PPN(pte) & 0x7) != 0x0", "NAPOT ppn[3:0] = 0000 accepted as 64 KiB"),
    ("ens", "cmodel/arch/xlate.c", "if (x->supervisor && !pc_ta_ENS(x->pc[PC_TA]))",
     "if (0 && !pc_ta_ENS(x->pc[PC_TA]))", "Supervisor requests allowed without PC.ta.ENS"),
    ("g_user", "cmodel/arch/xlate.c", ".supervisor = false, .sum = false", ".supervisor = true, .sum = true",
     "second stage checks U as for a Supervisor access"),
    ("fs_ad_read", "cmodel/arch/xlate.c", "XLATE_G_FOR_FS_AD, ACCESS_WRITE, true", "XLATE_G_FOR_FS_AD, ACCESS_READ, true",
     "first-stage A/D store checked by the second stage as a load"),
    ("iotval2_write", "cmodel/arch/xlate.c", "            v2 |= 2;", "            v2 |= 0;",
     "iotval2 bit 1 (implicit write) never set"),
    ("pbmt_order", "cmodel/arch/xlate.c",
     "x->result.pbmt = fs_pbmt ? fs_pbmt : x->g_leaf ? (unsigned)pte_PBMT(x->gpte) : 0;",
     "x->result.pbmt = (x->g_leaf && pte_PBMT(x->gpte)) ? (unsigned)pte_PBMT(x->gpte) : fs_pbmt;",
     "second-stage PBMT overrides the first stage's"),
    ("dpe_default", "cmodel/arch/xlate.c", "if (!x->req.pv && !tc_DPE(tc))", "if (!x->req.pv)",
     "DPE ignored: requests without process_id skip the first stage"),
    ("dc_dpe", "cmodel/arch/ddt.c", "if (!tc_PDTV(tc) && tc_DPE(tc))", "if (0)", "DPE without PDTV accepted"),
    ("dc_gatp_align", "cmodel/arch/ddt.c", "if (!g_bare && (iohgatp_PPN(iohgatp) & 3))",
     "if (!g_bare && (iohgatp_PPN(iohgatp) & 1))", "second-stage root aligned to 8 KiB accepted"),
    ("dc_sxl", "cmodel/arch/ddt.c", "if (gxl && !tc_SXL(tc))", "if (0)", "SXL = 0 accepted with fctl.GXL = 1"),
    ("pdi1", "cmodel/arch/pdt.c", "case 1: return (pid >> 8) & 0x1ff;", "case 1: return (pid >> 8) & 0xff;",
     "PDI[1] loses process_id bit 16"),
    ("msi_extract", "cmodel/arch/msi.c", "for (unsigned b = 0; b < 64; b++)", "for (unsigned b = 0; b < 1; b++)",
     "interrupt-file number uses only mask bit 0"),
    ("pdt_g_memerr", "cmodel/arch/xlate.c", "    if (x->g_for == XLATE_G_FOR_PDT)\n", "    if (0)\n",
     "memory error in the PDT's second-stage walk reported as a page-table error"),
    ("sxl_gpa34", "cmodel/arch/xlate.c", "(tc_SXL(x->dc[DC_TC]) && (x->g_gpa >> 34) != 0)", "0",
     "SXL = 1 over Sv39x4..Sv57x4: GPAs with bits beyond 33 translate (issue 12)"),
    ("ats_msi_w", "cmodel/arch/xlate.c", "        c->w = fs_w && g_w;", "        c->w = x->msi || (fs_w && g_w);",
     "ATS completion for an MSI page grants W whatever the first stage says (issue 12)"),
    ("ats_msi_range", "cmodel/arch/xlate.c", "if (msi_flat(x) && !tc_T2GPA(x->dc[DC_TC]))", "if (0)",
     "ATS range of a superpage covers virtual interrupt files' pages (issue 12)"),
    ("mrif_n10", "cmodel/arch/msi.c", "r.notice_data = (uint32_t)((msipte1_N10(p1) << 10) | msipte1_N(p1));",
     "r.notice_data = (uint32_t)msipte1_N(p1);", "MRIF notice MSI data loses N10"),
    ("en_ats", "cmodel/arch/ddt.c", "req->ttyp == IOMMU_TTYP_ATS_TRANSLATION) && !tc_EN_ATS(tc))",
     "req->ttyp == IOMMU_TTYP_ATS_TRANSLATION) && 0)", "translated requests accepted without DC.tc.EN_ATS"),
    ("t2gpa", "cmodel/arch/xlate.c", "        if (!tc_T2GPA(tc))", "        if (1)",
     "T2GPA ignored: translated requests pass untranslated by the second stage"),
    ("dtf_ignored", "cmodel/arch/fault_queue.c", "if (f->dtf && !fault_cause_reported_if_dtf(f->cause))", "if (0)",
     "DTF does not suppress fault records"),
]


def sh(cmd, cwd=ROOT):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def run_mutant(m):
    name, path, old, new, what = m
    d = os.path.join(BUILD, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "cmodel"), os.path.join(d, "cmodel"))
    shutil.copytree(os.path.join(ROOT, "tb"), os.path.join(d, "tb"))
    src = os.path.join(d, path)
    with open(src) as f:
        text = f.read()
    if text.count(old) != 1:
        return name, "stale", what, "the text to mutate occurs %d times in %s" % (text.count(old), path)
    with open(src, "w") as f:
        f.write(text.replace(old, new))
    layers = [os.path.join(d, "cmodel", layer) for layer in ("arch", "timing", "formats")]
    cfiles = sorted(f for layer in layers for f in glob.glob(os.path.join(layer, "*.c")))
    exe = os.path.join(d, "iommu-model-random")
    rc, out = sh(["gcc", "-std=c11", "-O1", "-w"] + ["-I" + layer for layer in layers] + cfiles +
                 [os.path.join(d, s) for s in SOURCES] + ["-o", exe])
    if rc != 0:
        return name, "error", what, "build failed:\n" + out
    rc, out = sh([exe, "--seed", "1", "--seeds", "200", "--requests", "2000", "-q"])
    first = out.splitlines()[0] if out else ""
    if rc == 1 and first.startswith("FAIL"):
        return name, "killed", what, first
    return name, "survived", what, first


def main():
    rc, out = sh(["make", "-s", "build/iommu-model-random"])
    if rc != 0:
        print(out)
        return 1
    os.makedirs(BUILD, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(run_mutant, MUTANTS))
    killed = 0
    for name, status, what, detail in results:
        print("  %-9s %-14s %-58s %s" % (status, name, what, detail.splitlines()[0] if detail else ""))
        killed += status == "killed"
    print("model-mutants: %d of %d killed" % (killed, len(MUTANTS)))
    return 0 if killed == len(MUTANTS) else 1


if __name__ == "__main__":
    sys.exit(main())
